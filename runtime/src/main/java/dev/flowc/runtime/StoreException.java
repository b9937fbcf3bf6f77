package dev.flowc.runtime;

/**
 * The store could not be opened or used: the file is locked, corrupt, written by a newer flowc, or
 * the database is unreachable. The message says which and where, in one line.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the one-line {@code message}. */
  public StoreException(String message) {
    super(message);
  }

  /** With the one-line {@code message} and the database's error. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
