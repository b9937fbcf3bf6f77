package dev.flowc.cli.store;

import dev.flowc.cli.ExitCode;
import dev.flowc.cli.UserException;
import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.handler.HandlerRegistry;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the runtime over the configured store, with flowc's exit codes for what goes wrong. */
public final class RuntimeFactory {
  /** Whether a command may create the store or needs one that exists. */
  public enum Use {
    /** {@code run}, {@code submit}, {@code worker}: the store is created on first use. */
    CREATE,
    /** Commands that read or change what is stored: no store is an error, not a new file. */
    EXISTING
  }

  private RuntimeFactory() {}

  /**
   * Loads the configured handler classpath and modules.
   *
   * @throws UserException (exit 2) when an entry or a module cannot be loaded
   */
  public static HandlerRegistry handlers(FlowcConfig config) {
    return dev.flowc.cli.HandlerLoader.load(config.classpath(), config.modules());
  }

  /**
   * Opens the store of {@code config}.
   *
   * @param handlers what workers call, or {@code null} for the built-ins only
   * @throws UserException exit 3 when the store cannot be opened, exit 2 when there is none and
   *     {@code use} is {@link Use#EXISTING}
   */
  public static FlowRuntime open(
      FlowcConfig config, HandlerRegistry handlers, Use use, ConfigLoader loader) {
    String shown = shown(config, loader);
    if (config.storeIsUrl()) {
      if (config.store().startsWith("jdbc:postgresql://")) {
        throw new UserException(
            ExitCode.STORE,
            "cannot open store '%s': PostgreSQL stores are not supported yet".formatted(shown));
      }
      throw new UserException(
          ExitCode.USAGE,
          "store '%s' is neither a SQLite file nor a jdbc:postgresql:// URL".formatted(shown));
    }
    Path file = config.storeFile();
    if (use == Use.EXISTING && !Files.exists(file)) {
      throw new UserException(
          ExitCode.USAGE,
          "no store at '%s': nothing was submitted there (name another with --store or in"
                  .formatted(shown)
              + " flowc.yaml)");
    }
    if (Files.isDirectory(file)) {
      throw new UserException(
          ExitCode.STORE, "cannot open store '%s': it is a directory".formatted(shown));
    }
    try {
      if (use == Use.CREATE && file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      FlowRuntime.Builder builder = FlowRuntime.builder().sqlite(file);
      if (handlers != null) {
        builder.handlers(handlers);
      }
      return builder.open();
    } catch (StoreException e) {
      throw new UserException(ExitCode.STORE, describe(e, shown), e);
    } catch (java.io.IOException e) {
      throw new UserException(
          ExitCode.STORE,
          "cannot open store '%s': %s".formatted(shown, dev.flowc.cli.IoMessages.reason(e)),
          e);
    }
  }

  /** A store error as one line that names the store once. */
  public static String describe(StoreException e, String shown) {
    String message = e.getMessage() == null ? "unknown error" : e.getMessage().strip();
    message = message.lines().findFirst().orElse(message);
    return message.contains(shown) || message.contains("store '")
        ? message
        : "cannot open store '%s': %s".formatted(shown, message);
  }

  /** The store as messages show it: relative to the working directory when it is under it. */
  public static String shown(FlowcConfig config, ConfigLoader loader) {
    if (config.storeIsUrl()) {
      return withoutPassword(config.store());
    }
    Path file = Path.of(config.store());
    Path dir = loader.workingDirectory();
    Path path = file.startsWith(dir) ? dir.relativize(file) : file;
    return path.toString().replace(File.separatorChar, '/');
  }

  /**
   * What to add to a command printed for the user ({@code flowc status 12}) so that it finds the
   * same store from the working directory: nothing when it would anyway, else {@code --store S}.
   */
  public static String storeArgument(FlowcConfig config, ConfigLoader loader) {
    try {
      if (loader.forWorkingDirectory().store().equals(config.store())) {
        return "";
      }
    } catch (UserException e) {
      // A broken flowc.yaml in the working directory: name the store explicitly.
    }
    String shown = shown(config, loader);
    return " --store " + (shown.matches("[A-Za-z0-9_./:@=+-]+") ? shown : "'" + shown + "'");
  }

  private static String withoutPassword(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("//([^/:@]+):[^/@]*@", "//$1:***@");
  }
}
