package dev.flowc.runtime.handler;

/** A configured classpath entry or Guice module cannot be loaded; the message says which. */
public final class HandlerLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the one-line {@code message} and the error that caused it. */
  public HandlerLoadException(String message, Throwable cause) {
    super(message, cause);
  }

  /** With the one-line {@code message}. */
  public HandlerLoadException(String message) {
    super(message);
  }
}
