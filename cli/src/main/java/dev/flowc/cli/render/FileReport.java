package dev.flowc.cli.render;

import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.Severity;
import dev.flowc.compiler.source.SourceFile;
import java.util.List;

/** The diagnostics of one file, as a report shows them. */
public record FileReport(SourceFile source, List<Diagnostic> diagnostics) {
  public FileReport {
    diagnostics = List.copyOf(diagnostics);
  }

  static long count(List<FileReport> files, Severity severity) {
    return files.stream()
        .flatMap(f -> f.diagnostics().stream())
        .filter(d -> d.severity() == severity)
        .count();
  }
}
