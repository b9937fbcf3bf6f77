package dev.flowc.runtime.handler;

/** No handler is bound under a name, and no loadable handler class has that name. */
public final class UnknownHandlerException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String name;

  /** For the handler {@code name}, with a {@code message} that may suggest a bound name. */
  public UnknownHandlerException(String name, String message) {
    super(message);
    this.name = name;
  }

  /** The handler name that did not resolve. */
  public String name() {
    return name;
  }
}
