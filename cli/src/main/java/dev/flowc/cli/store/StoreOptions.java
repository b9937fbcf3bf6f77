package dev.flowc.cli.store;

import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --store S}, {@code --password-file F}, {@code --lock-timeout D} and {@code
 * --reconnect-timeout D}: the store of every command that touches one, over flowc.yaml's.
 */
public final class StoreOptions {
  @Option(
      names = "--store",
      paramLabel = "STORE",
      description =
          "The store: a SQLite file (created on first use) or a PostgreSQL URL,"
              + " jdbc:postgresql://HOST[:PORT]/DATABASE?user=USER (default: the environment"
              + " variable FLOWC_STORE, else 'store' of flowc.yaml, else .flowc/flowc.db).")
  String store;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description =
          "A file whose first line is the PostgreSQL store's password, when the URL,"
              + " PGPASSWORD and ~/.pgpass give none (default: 'password_file' of flowc.yaml).")
  String passwordFile;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      converter = LockTimeoutConverter.class,
      description =
          "How long to wait for a store locked by another process before giving up, e.g. 30s,"
              + " 2m, 500ms (default: 'lock_timeout' of flowc.yaml, else 30s).")
  Duration lockTimeout;

  @Option(
      names = "--reconnect-timeout",
      paramLabel = "DURATION",
      converter = LockTimeoutConverter.class,
      description =
          "How long to keep trying a PostgreSQL store that is out of reach (down, restarting,"
              + " cut off) before giving up; a worker stops then, e.g. 30s, 2m, 500ms (default:"
              + " 'reconnect_timeout' of flowc.yaml, else 30s).")
  Duration reconnectTimeout;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /**
   * {@code config} with the store, password file, lock timeout and reconnect timeout given on the
   * command line, if any.
   */
  public FlowcConfig apply(FlowcConfig config, ConfigLoader loader) {
    FlowcConfig applied = store == null ? config : config.withStore(loader.resolveStore(store));
    if (passwordFile != null) {
      applied =
          applied.withPasswordFile(
              loader.workingDirectory().resolve(passwordFile).toAbsolutePath().normalize());
    }
    if (reconnectTimeout != null) {
      applied = applied.withReconnectTimeout(reconnectTimeout);
    }
    return lockTimeout == null ? applied : applied.withLockTimeout(lockTimeout);
  }

  /** Where the command says that it waits for the store: its stderr. */
  public PrintWriter notices() {
    return command.commandLine().getErr();
  }

  /** {@code --lock-timeout}: a duration with its unit. */
  static final class LockTimeoutConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      return ConfigLoader.parseLockTimeout(text)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "'%s' is not a duration such as 30s, 2m or 500ms".formatted(text)));
    }
  }
}
