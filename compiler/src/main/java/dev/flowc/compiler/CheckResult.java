package dev.flowc.compiler;

import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import dev.flowc.compiler.diagnostic.Severity;
import dev.flowc.compiler.diagnostic.Suppressions;
import dev.flowc.compiler.source.SourceFile;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking one file.
 *
 * @param diagnostics every problem found, in source order
 * @param graph the pipeline's stages and dependencies, present when there are no errors
 * @param handlerCalls each stage's handler and input, in declaration order, for checks that know
 *     the handlers; present even when there are errors, but empty after a syntax error, and without
 *     the stages whose handler is missing or malformed
 * @param suppressions the file's {@code flowc:ignore} comments, already applied to {@code
 *     diagnostics}
 */
public record CheckResult(
    SourceFile source,
    List<Diagnostic> diagnostics,
    Optional<PipelineGraph> graph,
    List<HandlerCall> handlerCalls,
    Suppressions suppressions) {
  public CheckResult {
    diagnostics = List.copyOf(diagnostics);
    handlerCalls = List.copyOf(handlerCalls);
  }

  /**
   * These diagnostics and {@code more}, found by checks outside the compiler (such as those that
   * know the handlers), in source order, with the file's {@code flowc:ignore} comments applied to
   * {@code more} as they were to the rest.
   */
  public List<Diagnostic> diagnosticsWith(List<Diagnostic> more) {
    DiagnosticSink sink = new DiagnosticSink();
    diagnostics.forEach(sink::report);
    suppressions.apply(more).forEach(sink::report);
    return sink.sorted();
  }

  public long errors() {
    return diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).count();
  }

  public long warnings() {
    return diagnostics.stream().filter(d -> d.severity() == Severity.WARNING).count();
  }

  public boolean hasErrors() {
    return errors() > 0;
  }
}
