package dev.flowc.runtime.store;

import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.store.postgres.PostgresJobStore;
import dev.flowc.runtime.store.sqlite.SqliteJobStore;
import dev.flowc.runtime.store.sqlite.SqliteOptions;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * Turns a store string into a store: the only code outside the stores' own packages that names a
 * concrete store. A {@code jdbc:postgresql:} URL is a PostgreSQL database; any other {@code jdbc:}
 * or {@code scheme://} string is refused; anything else is the path of a SQLite file.
 */
public final class Stores {
  private Stores() {}

  /**
   * Opens the store {@code store} names.
   *
   * @param clock the time leases and schedules are measured against; null for the store's own (the
   *     system's for a SQLite file, the database's for PostgreSQL)
   * @throws IllegalArgumentException when {@code store} names no store flowc knows (one line)
   * @throws StoreException when the store cannot be opened
   */
  public static JobStore open(String store, StoreOptions options, Clock clock) {
    if (store == null || store.isBlank()) {
      throw new IllegalArgumentException("no store given: a file path or a jdbc:postgresql: URL");
    }
    String lower = store.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql:")) {
      return PostgresJobStore.open(store, options, clock);
    }
    if (lower.startsWith("jdbc:") || lower.matches("^[a-z][a-z0-9+.-]+://.*")) {
      int colon = store.indexOf(':', lower.startsWith("jdbc:") ? 5 : 0);
      String scheme = colon < 0 ? store : store.substring(0, colon);
      throw new IllegalArgumentException(
          "unsupported store '%s': give a file path (SQLite) or a jdbc:postgresql: URL"
              .formatted(scheme));
    }
    Path file;
    try {
      file = Path.of(store);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "store '%s' is not a file path: %s".formatted(store, e.getReason()));
    }
    return sqlite(file, options, clock);
  }

  /** Opens (creating when missing, migrating when older) the SQLite store in {@code file}. */
  public static JobStore sqlite(Path file, StoreOptions options, Clock clock) {
    SqliteOptions sqlite =
        new SqliteOptions(
            options.syncMode(),
            options.readOnly(),
            options.lockTimeout(),
            options.lockWaitListener());
    return SqliteJobStore.open(file, sqlite, clock == null ? Clock.systemUTC() : clock);
  }
}
