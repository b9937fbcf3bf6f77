package dev.flowc.cli;

/** The exit codes of every flowc command (docs/cli.md). */
public final class ExitCode {
  /** Success; a check with only warnings, unless --strict. */
  public static final int OK = 0;

  /** The pipeline has errors (or warnings under --strict). */
  public static final int FAILED = 1;

  /** A usage error: unknown option, missing file, unreadable config. */
  public static final int USAGE = 2;

  /** The store could not be opened or used. */
  public static final int STORE = 3;

  /** A bug in flowc: the message asks for --debug and a report. */
  public static final int INTERNAL = 70;

  private ExitCode() {}
}
