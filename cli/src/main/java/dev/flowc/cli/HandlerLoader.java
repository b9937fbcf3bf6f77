package dev.flowc.cli;

import com.google.inject.ConfigurationException;
import com.google.inject.ProvisionException;
import dev.flowc.runtime.guice.GuiceErrors;
import dev.flowc.runtime.handler.HandlerClasspath;
import dev.flowc.runtime.handler.HandlerLoadException;
import dev.flowc.runtime.handler.HandlerRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads the user's handlers: a classpath and Guice modules, from the command line ({@code
 * --classpath}, {@code --module}) or from {@code flowc.yaml}. Kept apart from the commands so that
 * a command without a classpath never loads Guice.
 */
public final class HandlerLoader {
  /**
   * Guice logs the errors it then throws (a module's exception with its stack trace) through
   * java.util.logging, which prints on stderr: flowc says them in one line instead. Held in a field
   * because java.util.logging keeps loggers only weakly, and would forget the level.
   */
  private static final Logger GUICE_LOG = Logger.getLogger("com.google.inject");

  static {
    GUICE_LOG.setLevel(Level.OFF);
  }

  private HandlerLoader() {}

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
      throw failure(
          "a bound handler cannot be created: " + GuiceErrors.firstLine(e.getErrorMessages()), e);
    } catch (ConfigurationException e) {
      throw failure(
          "a bound handler cannot be created: " + GuiceErrors.firstLine(e.getErrorMessages()), e);
    } catch (LinkageError e) {
      throw failure(e.toString(), e);
    }
  }

  /** As the commands that run pipelines say it: {@code cannot load handlers: ...}. */
  private static UserException failure(String reason, Throwable cause) {
    return new UserException(ExitCode.USAGE, "cannot load handlers: " + reason, cause);
  }
}
