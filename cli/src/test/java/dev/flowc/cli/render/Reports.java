package dev.flowc.cli.render;

import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.source.SourceFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Builds file reports from real compiler output and renders them to strings. */
final class Reports {
  private Reports() {}

  static FileReport checked(String path, String text) {
    SourceFile source = SourceFile.of(path, text);
    return new FileReport(source, FlowCompiler.check(source).diagnostics());
  }

  static String render(DiagnosticReport report, FileReport... files) {
    StringWriter out = new StringWriter();
    report.write(List.of(files), new PrintWriter(out));
    return out.toString();
  }

  /** Two errors (one with a help, one with a located note) and one warning. */
  static final String BROKEN =
      """
      pipeline broken {
        queue spare {}
        stage normalize_a { handler "etl.normalize" }
        stage load after normalise_a { handler "etl.load" }
        stage load { handler "etl.load" }
      }
      """;
}
