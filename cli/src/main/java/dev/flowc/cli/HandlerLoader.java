package dev.flowc.cli;

import com.google.inject.ConfigurationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import dev.flowc.runtime.handler.HandlerClasspath;
import dev.flowc.runtime.handler.HandlerLoadException;
import dev.flowc.runtime.handler.HandlerRegistry;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Loads the user's handlers: a classpath and Guice modules, from the command line ({@code
 * --classpath}, {@code --module}) or, later, from {@code flowc.yaml}. Kept apart from the commands
 * so that a command without a classpath never loads Guice.
 */
public final class HandlerLoader {
  private HandlerLoader() {}

  /**
   * The entries of a classpath as written on a command line: separated by the system's path
   * separator ({@code :}, or {@code ;} on Windows), empty entries skipped. An entry ending in
   * {@code *} stands for every jar in its directory.
   */
  public static List<Path> classpath(String text) {
    List<Path> entries = new ArrayList<>();
    for (String entry : text.split(File.pathSeparator, -1)) {
      if (!entry.isBlank()) {
        entries.add(Path.of(entry));
      }
    }
    return entries;
  }

  /**
   * The built-in handlers, the handlers bound by {@code modules} and by the modules the classpath
   * declares as services, and the handler classes on the classpath.
   *
   * @throws UserException (exit 2) when an entry is missing, a module cannot be loaded, or the
   *     modules do not configure
   */
  public static HandlerRegistry load(List<Path> classpath, List<String> modules) {
    try {
      return HandlerClasspath.load(classpath, modules);
    } catch (HandlerLoadException e) {
      throw failure(e.getMessage(), e);
    } catch (ProvisionException e) {
      throw failure("a bound handler cannot be created: " + first(e.getErrorMessages()), e);
    } catch (ConfigurationException e) {
      throw failure("a bound handler cannot be created: " + first(e.getErrorMessages()), e);
    } catch (LinkageError e) {
      throw failure(e.toString(), e);
    }
  }

  /** As the commands that run pipelines say it: {@code cannot load handlers: ...}. */
  private static UserException failure(String reason, Throwable cause) {
    return new UserException(ExitCode.USAGE, "cannot load handlers: " + reason, cause);
  }

  private static String first(Collection<Message> messages) {
    if (messages.isEmpty()) {
      return "Guice gave no reason";
    }
    String message = messages.iterator().next().getMessage().strip();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
