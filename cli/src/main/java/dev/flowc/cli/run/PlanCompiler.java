package dev.flowc.cli.run;

import dev.flowc.cli.ExitCode;
import dev.flowc.cli.UserException;
import dev.flowc.cli.render.FileReport;
import dev.flowc.cli.render.Style;
import dev.flowc.cli.render.TextReport;
import dev.flowc.compiler.CompileResult;
import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.runtime.handler.HandlerRegistry;
import dev.flowc.runtime.handler.UnknownHandlerException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Compiles a pipeline for {@code run} and {@code submit}, diagnostics printed as compile does. */
final class PlanCompiler {
  private PlanCompiler() {}

  /** The plan, or empty when the file has errors (then printed on {@code err}). */
  static Optional<Plan> compile(
      SourceFile source, Map<String, String> params, Style style, PrintWriter err) {
    CompileResult result = FlowCompiler.compile(source, params);
    if (!result.diagnostics().isEmpty()) {
      new TextReport(style)
          .writeDiagnostics(List.of(new FileReport(source, result.diagnostics())), err);
      err.flush();
    }
    return result.plan();
  }

  /**
   * Checks every stage's input against its handler's input type (FLOW502-504) before anything is
   * submitted, and prints what does not fit as {@code check} would.
   *
   * @return whether every input fits
   */
  static boolean verifyInputs(
      SourceFile source, HandlerRegistry handlers, Style style, PrintWriter err) {
    List<dev.flowc.compiler.diagnostic.Diagnostic> problems =
        new dev.flowc.cli.verify.HandlerVerifier(handlers)
            .verify(FlowCompiler.check(source)).stream()
                .filter(d -> d.code().name().startsWith("FLOW5"))
                .toList();
    if (problems.isEmpty()) {
      return true;
    }
    new TextReport(style).writeDiagnostics(List.of(new FileReport(source, problems)), err);
    err.flush();
    return problems.stream()
        .noneMatch(d -> d.severity() == dev.flowc.compiler.diagnostic.Severity.ERROR);
  }

  /**
   * Checks that every stage's handler can be found before anything is submitted.
   *
   * @throws UserException (exit 2) naming the first stage whose handler is unknown
   */
  static void verifyHandlers(Plan plan, HandlerRegistry handlers) {
    for (JobSpec job : plan.jobs()) {
      try {
        handlers.resolve(job.handler());
      } catch (UnknownHandlerException e) {
        throw new UserException(
            ExitCode.USAGE,
            "stage '%s': %s (give the handler classes with -cp or 'classpath' in flowc.yaml)"
                .formatted(job.stage(), e.getMessage()),
            e);
      }
    }
  }
}
