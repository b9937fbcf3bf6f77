package dev.flowc.cli.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.compiler.CheckResult;
import dev.flowc.compiler.HandlerCall;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import dev.flowc.runtime.handler.HandlerRegistry;
import java.util.List;

/**
 * Checks a pipeline against the handlers it will run with: every stage's handler resolves
 * (FLOW501), and its input fits the handler's input type: no unknown field (FLOW502), no missing
 * required field (FLOW503), every value convertible to its field's type (FLOW504), in nested
 * records, maps and lists too. Values known only later (stage results, a {@code string} param's
 * content) are not checked.
 *
 * <p>The registry comes from wherever the handlers are configured ({@code --classpath} and {@code
 * --module}, or {@code flowc.yaml}). Not thread-safe: one verifier per thread.
 */
public final class HandlerVerifier {
  private final HandlerResolutionCheck resolution;
  private final InputTypes types;

  /** A verifier that converts inputs as the runtime's workers do, with a default mapper. */
  public HandlerVerifier(HandlerRegistry registry) {
    this(registry, new ObjectMapper());
  }

  /** A verifier that converts inputs with {@code mapper}. */
  public HandlerVerifier(HandlerRegistry registry, ObjectMapper mapper) {
    this.resolution = new HandlerResolutionCheck(registry);
    this.types = new InputTypes(mapper);
  }

  /**
   * The diagnostics of {@code result} and those of its handler calls, in source order (position,
   * then code), as a check reports them.
   */
  public List<Diagnostic> verify(CheckResult result) {
    return result.diagnosticsWith(findings(result.handlerCalls()));
  }

  /** The problems of {@code calls} alone, in source order. */
  public List<Diagnostic> findings(List<HandlerCall> calls) {
    DiagnosticSink sink = new DiagnosticSink();
    InputWalk walk = new InputWalk(new Verification(types, sink));
    for (HandlerCall call : calls) {
      resolution.check(call, sink).ifPresent(handler -> walk.walk(call, handler.inputType()));
    }
    return sink.sorted();
  }
}
