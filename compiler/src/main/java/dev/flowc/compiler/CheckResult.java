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
 */
public record CheckResult(
    SourceFile source, List<Diagnostic> diagnostics, Optional<PipelineGraph> graph) {
  public CheckResult {
    diagnostics = List.copyOf(diagnostics);
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
