package dev.flowc.cli;

/**
 * A problem caused by the user or the environment (a missing file, a bad option). Printed as one
 * line, {@code flowc: message}, with no stack trace unless {@code --debug}.
 */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public UserException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public UserException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
