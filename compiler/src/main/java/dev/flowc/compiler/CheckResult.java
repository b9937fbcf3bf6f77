package dev.flowc.compiler;

import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.Severity;
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
 */
public record CheckResult(
    SourceFile source,
    List<Diagnostic> diagnostics,
    Optional<PipelineGraph> graph,
    List<HandlerCall> handlerCalls) {
  public CheckResult {
    diagnostics = List.copyOf(diagnostics);
    handlerCalls = List.copyOf(handlerCalls);
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
