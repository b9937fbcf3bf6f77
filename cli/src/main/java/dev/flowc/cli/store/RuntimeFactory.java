package dev.flowc.cli.store;

import dev.flowc.cli.ExitCode;
import dev.flowc.cli.UserException;
import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import dev.flowc.compiler.parse.Literals;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.handler.HandlerRegistry;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Opens the runtime over the configured store, with flowc's exit codes for what goes wrong. */
public final class RuntimeFactory {
  /** Whether a command may create the store, needs one that exists, or only reads it. */
  public enum Use {
    /** {@code run}, {@code submit}, {@code worker}: the store is created on first use. */
    CREATE,
    /** Commands that change what is stored: no store is an error, not a new file. */
    EXISTING,
    /**
     * Commands that only read ({@code status}, {@code runs}, {@code job}, {@code stats}, {@code
     * dead-letters}): the store must exist and is opened read-only, so it can be read on a
     * read-only file system, and nothing is created, migrated or written.
     */
    READ
  }

  /** A PostgreSQL store named in a runtime's message. */
  private static final Pattern POSTGRES_STORE =
      Pattern.compile("store '((?:jdbc:)?postgres(?:ql)?://[^']*)'");

  /** How the runtime says that a database opened read-only holds no flowc store. */
  private static final String NO_FLOWC_STORE = "has no flowc store";

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
   * @param notices where to say that the store is locked by another process and flowc waits
   * @throws UserException exit 3 when the store cannot be opened, exit 2 when the store string is
   *     not one flowc takes or there is none and {@code use} is not {@link Use#CREATE}
   */
  public static FlowRuntime open(
      FlowcConfig config,
      HandlerRegistry handlers,
      Use use,
      ConfigLoader loader,
      PrintWriter notices) {
    String shown = shown(config, loader);
    StoreText.UrlKind url = StoreText.urlKind(config.store());
    if (url == StoreText.UrlKind.POSTGRESQL) {
      return openPostgres(config, handlers, use, loader, shown);
    }
    if (url == StoreText.UrlKind.SQLITE) {
      throw new UserException(
          ExitCode.USAGE,
          "store '%s' is a URL: name a SQLite store by its file path (--store path/to/flowc.db)"
              .formatted(shown));
    }
    if (url != null) {
      throw new UserException(
          ExitCode.USAGE,
          "store '%s' is neither a SQLite file nor a PostgreSQL URL".formatted(shown));
    }
    if (config.store().contains("?")) {
      // SQLite's JDBC driver reads "q.db?journal_mode=DELETE" as q.db with a pragma; flowc would
      // write one file and name another in the commands it prints.
      throw new UserException(
          ExitCode.USAGE,
          "store '%s' has a '?': a store is a file path, with no options after it (--store %s)"
              .formatted(shown, shown.substring(0, shown.indexOf('?'))));
    }
    Path file = config.storeFile();
    if (use != Use.CREATE && !Files.exists(file)) {
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
      FlowRuntime.Builder builder =
          FlowRuntime.builder()
              .store(file.toString())
              .lockTimeout(config.lockTimeout())
              .reconnectTimeout(config.reconnectTimeout())
              .onLockWait(
                  (store, timeout) -> {
                    notices.println(
                        "flowc: waiting for the store %s, locked by another process (gives up"
                                .formatted(shown)
                            + " after %s; --lock-timeout)".formatted(describe(timeout)));
                    notices.flush();
                  });
      if (use == Use.READ) {
        builder.readOnly();
      }
      if (handlers != null) {
        builder.handlers(handlers);
      }
      return builder.open();
    } catch (StoreException e) {
      // The runtime names the file as given to it, absolute: say it as the user wrote it.
      String message = describe(e, shown).replace("'" + file + "'", "'" + shown + "'");
      throw new UserException(ExitCode.STORE, message, e);
    } catch (java.io.IOException e) {
      throw new UserException(
          ExitCode.STORE,
          "cannot open store '%s': %s".formatted(shown, dev.flowc.cli.IoMessages.reason(e)),
          e);
    }
  }

  /**
   * Opens a PostgreSQL store. The commands that do not create a store need one in the database:
   * they first open it read-only, which creates nothing, and a database without a flowc store is
   * then exit 2 as a missing SQLite file is.
   */
  private static FlowRuntime openPostgres(
      FlowcConfig config, HandlerRegistry handlers, Use use, ConfigLoader loader, String shown) {
    String url = StoreText.jdbcUrl(config.store());
    Secrets.addFromUrl(config.store());
    Secrets.addFromUrl(url);
    Secrets.addFromEnvironment(System.getenv());
    Path passwordFile = config.passwordFile();
    if (passwordFile != null) {
      Secrets.add(readPassword(passwordFile, loader));
    }
    Duration reconnect = config.reconnectTimeout();
    if (use == Use.READ) {
      return openPostgres(url, passwordFile, reconnect, handlers, true, shown);
    }
    if (use == Use.EXISTING) {
      openPostgres(url, passwordFile, reconnect, null, true, shown).close();
    }
    return openPostgres(url, passwordFile, reconnect, handlers, false, shown);
  }

  private static FlowRuntime openPostgres(
      String url,
      Path passwordFile,
      Duration reconnectTimeout,
      HandlerRegistry handlers,
      boolean readOnly,
      String shown) {
    FlowRuntime.Builder builder =
        FlowRuntime.builder().store(url).reconnectTimeout(reconnectTimeout);
    if (passwordFile != null) {
      builder.passwordFile(passwordFile);
    }
    if (readOnly) {
      builder.readOnly();
    }
    if (handlers != null) {
      builder.handlers(handlers);
    }
    try {
      return builder.open();
    } catch (StoreException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      if (message.contains(NO_FLOWC_STORE)) {
        throw new UserException(
            ExitCode.USAGE,
            "no store at '%s': the database has no flowc store, nothing was submitted there"
                    .formatted(shown)
                + " (name another with --store or in flowc.yaml)",
            e);
      }
      Optional<String> reason = DatabaseFailure.connectionReason(e);
      if (reason.isPresent()) {
        throw new UserException(
            ExitCode.STORE,
            "cannot open store '%s': cannot connect to %s: %s"
                .formatted(shown, DatabaseFailure.address(url), reason.get()),
            e);
      }
      throw new UserException(ExitCode.STORE, describe(e, shown), e);
    } catch (IllegalArgumentException e) {
      throw new UserException(
          ExitCode.USAGE, "cannot open store '%s': %s".formatted(shown, e.getMessage()), e);
    }
  }

  /** The first line of a password file, to hide it from every line flowc prints. */
  private static String readPassword(Path file, ConfigLoader loader) {
    Path dir = loader.workingDirectory();
    String shownFile =
        (file.startsWith(dir) ? dir.relativize(file) : file)
            .toString()
            .replace(File.separatorChar, '/');
    try {
      return Files.readAllLines(file).stream().findFirst().orElse("").strip();
    } catch (java.io.IOException e) {
      throw new UserException(
          ExitCode.USAGE,
          "cannot read password file '%s': %s"
              .formatted(shownFile, dev.flowc.cli.IoMessages.reason(e)),
          e);
    }
  }

  /**
   * A store failure after the store was opened, in one line: the runtime's message, except that a
   * PostgreSQL store out of reach says where and why as {@link #open} does ({@code cannot renew the
   * leases of its running jobs: cannot connect to db:5432/flowc: connection refused (...)}) rather
   * than what the connection pool says.
   */
  public static String describeFailure(StoreException e) {
    String message = e.getMessage() == null ? "unknown error" : e.getMessage().strip();
    message = message.lines().findFirst().orElse(message);
    Matcher store = POSTGRES_STORE.matcher(message);
    Optional<String> reason = DatabaseFailure.connectionReason(e);
    if (reason.isEmpty() || !store.find()) {
      return message;
    }
    int clause = message.lastIndexOf(": ", store.start());
    String doing = clause < 0 ? "" : message.substring(0, clause) + ": ";
    return doing
        + "cannot connect to %s: %s"
            .formatted(DatabaseFailure.address(store.group(1)), reason.get());
  }

  /** {@code 30s}, {@code 2m}, {@code 500ms}: a lock timeout as it is set. */
  static String describe(Duration timeout) {
    return Literals.formatDuration(timeout.toMillis());
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
      return StoreText.mask(config.store());
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
}
