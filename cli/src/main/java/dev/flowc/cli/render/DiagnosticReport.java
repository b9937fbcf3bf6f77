package dev.flowc.cli.render;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Writes the diagnostics of checked files in one of the formats of {@code flowc check}. */
public interface DiagnosticReport {
  void write(List<FileReport> files, PrintWriter out);

  /** The formats {@code --format} accepts. */
  enum Format {
    TEXT,
    JSON,
    SARIF,
    GITHUB;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param version flowc's version, which SARIF names
   */
  static DiagnosticReport of(Format format, Style style, String version) {
    return switch (format) {
      case TEXT -> new TextReport(style);
      case JSON -> new JsonReport();
      case SARIF -> new SarifReport(version);
      case GITHUB -> new GithubReport();
    };
  }
}
