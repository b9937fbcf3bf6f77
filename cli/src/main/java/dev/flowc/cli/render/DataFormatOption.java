package dev.flowc.cli.render;

import picocli.CommandLine.Option;

/** {@code -f/--format text|json}, for the commands that print data. */
public final class DataFormatOption {
  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  DataFormat format;

  /** Whether the command prints JSON for scripts rather than text for people. */
  public boolean json() {
    return format == DataFormat.JSON;
  }
}
