package dev.flowc.runtime.guice;

import com.google.inject.spi.Message;
import java.util.Collection;

/** Guice's errors, said in one line a user can act on. */
public final class GuiceErrors {
  private GuiceErrors() {}

  /**
   * The first error on one line: the exception user code threw (a handler's or a module's
   * constructor), when it threw one, else Guice's own message (a missing binding, no injectable
   * constructor).
   */
  public static String firstLine(Collection<Message> errors) {
    if (errors.isEmpty()) {
      return "Guice gave no reason";
    }
    Message first = errors.iterator().next();
    Throwable cause = first.getCause();
    String message =
        cause != null
            ? cause.getClass().getSimpleName() + ": " + cause.getMessage()
            : first.getMessage();
    String line = String.valueOf(message).strip();
    int newline = line.indexOf('\n');
    return newline < 0 ? line : line.substring(0, newline);
  }
}
