package dev.flowc.runtime.guice;

import com.google.inject.spi.ElementSource;
import com.google.inject.spi.Message;
import java.lang.reflect.InvocationTargetException;
import java.util.Collection;
import java.util.Optional;

/** Guice's errors, said in one line a user can act on. */
public final class GuiceErrors {
  /** The class whose {@code getElements} runs modules' {@code configure()} methods. */
  private static final String RECORDING = "com.google.inject.spi.Elements";

  private GuiceErrors() {}

  /**
   * A module's {@code configure()} threw: the module (the innermost one, when modules install
   * others) and what it threw.
   *
   * @param module the module's class name
   * @param thrown what its code threw
   */
  public record ModuleFailure(String module, Throwable thrown) {}

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
    return cause != null ? describe(cause) : firstLine(first.getMessage());
  }

  /**
   * The module whose {@code configure()} threw, when one did: Guice reports that as one of its
   * errors, with what was thrown as the cause and the module in the error's source.
   */
  public static Optional<ModuleFailure> moduleFailure(Collection<Message> errors) {
    for (Message error : errors) {
      Throwable cause = error.getCause();
      if (cause == null || !thrownWhileConfiguring(cause)) {
        continue;
      }
      for (Object source : error.getSources()) {
        if (source instanceof ElementSource element && !element.getModuleClassNames().isEmpty()) {
          return Optional.of(new ModuleFailure(element.getModuleClassNames().get(0), cause));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * What user code threw, in one line: {@code IllegalStateException: the message} (its first line),
   * looking through the wrappers reflection and class initialisation put around it.
   */
  public static String describe(Throwable thrown) {
    Throwable shown = unwrap(thrown);
    String message = shown.getMessage();
    String name = shown.getClass().getSimpleName();
    if (name.isEmpty()) {
      name = shown.getClass().getName();
    }
    return message == null || message.isBlank() ? name : name + ": " + firstLine(message);
  }

  /** The exception user code threw, inside an {@code InvocationTargetException} and the like. */
  public static Throwable unwrap(Throwable thrown) {
    Throwable shown = thrown;
    while ((shown instanceof InvocationTargetException
            || shown instanceof ExceptionInInitializerError)
        && shown.getCause() != null) {
      shown = shown.getCause();
    }
    return shown;
  }

  /**
   * Whether {@code thrown} came out of a module's {@code configure()}, rather than out of a
   * constructor or provider Guice called to create an object (also reported with a cause).
   */
  private static boolean thrownWhileConfiguring(Throwable thrown) {
    for (StackTraceElement frame : thrown.getStackTrace()) {
      if (frame.getClassName().equals(RECORDING)) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(String message) {
    String line = String.valueOf(message).strip();
    int newline = line.indexOf('\n');
    return newline < 0 ? line : line.substring(0, newline).strip();
  }
}
