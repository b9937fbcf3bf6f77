package dev.flowc.compiler;

import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.Severity;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.Plan;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of compiling one file with its param values.
 *
 * @param diagnostics every problem found (warnings included), in source order
 * @param plan the job DAG, present when there are no errors
 * @param handlerCalls each stage's handler and input, as {@link CheckResult#handlerCalls()}, for
 *     checks that know the handlers; empty when there is no plan
 */
public record CompileResult(
    SourceFile source,
    List<Diagnostic> diagnostics,
    Optional<Plan> plan,
    List<HandlerCall> handlerCalls) {
  public CompileResult {
    diagnostics = List.copyOf(diagnostics);
    handlerCalls = List.copyOf(handlerCalls);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
  }
}
