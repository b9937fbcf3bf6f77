package dev.flowc.cli.run;

import dev.flowc.cli.ExitCode;
import dev.flowc.cli.UserException;
import dev.flowc.cli.render.FileReport;
import dev.flowc.cli.render.Style;
import dev.flowc.cli.render.TextReport;
import dev.flowc.cli.verify.HandlerVerifier;
import dev.flowc.compiler.CompileResult;
import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.HandlerCall;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Severity;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.runtime.handler.HandlerRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Compiles a pipeline for {@code run} and {@code submit}, diagnostics printed as compile does. */
final class PlanCompiler {
  private PlanCompiler() {}

  /** The compiled file; its diagnostics, if any, are printed on {@code err}. */
  static CompileResult compile(
      SourceFile source, Map<String, String> params, Style style, PrintWriter err) {
    CompileResult result = FlowCompiler.compile(source, params);
    print(source, result.diagnostics(), style, err);
    return result;
  }

  /**
   * Checks every stage against the handlers before anything is submitted: its handler resolves
   * (FLOW501), and its input fits the handler's input type (FLOW502-504). What does not fit is
   * printed as {@code check} would.
   *
   * @return whether every input fits
   * @throws UserException (exit 2) naming the first stage whose handler cannot be found or created
   */
  static boolean verify(
      CompileResult compiled, HandlerRegistry handlers, Style style, PrintWriter err) {
    List<Diagnostic> problems = new HandlerVerifier(handlers).findings(compiled.handlerCalls());
    Optional<Diagnostic> unfound =
        problems.stream().filter(d -> d.code() == DiagnosticCode.FLOW501).findFirst();
    if (unfound.isPresent()) {
      String stage =
          compiled.handlerCalls().stream()
              .filter(call -> call.handlerSpan().equals(unfound.get().span()))
              .map(HandlerCall::stage)
              .findFirst()
              .orElseThrow();
      throw new UserException(
          ExitCode.USAGE,
          "stage '%s': %s (give the handler classes with -cp or 'classpath' in flowc.yaml)"
              .formatted(stage, unfound.get().message()));
    }
    print(compiled.source(), problems, style, err);
    return problems.stream().noneMatch(d -> d.severity() == Severity.ERROR);
  }

  static void print(SourceFile source, List<Diagnostic> diagnostics, Style style, PrintWriter err) {
    if (!diagnostics.isEmpty()) {
      new TextReport(style).writeDiagnostics(List.of(new FileReport(source, diagnostics)), err);
      err.flush();
    }
  }
}
