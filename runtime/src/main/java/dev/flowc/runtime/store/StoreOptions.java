package dev.flowc.runtime.store;

import dev.flowc.runtime.LockWaitListener;
import dev.flowc.runtime.SyncMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a store is opened, whatever its backend; each backend takes what applies to it.
 *
 * @param readOnly nothing is created, migrated or written, and writes fail; the store must exist
 * @param syncMode how durable a SQLite commit is
 * @param lockTimeout how long a SQLite operation waits for a lock another process holds
 * @param lockWaitListener told when a wait for a SQLite lock passes {@link
 *     LockWaitListener#NOTICE_AFTER}
 * @param passwordFile a file whose first line is the PostgreSQL password, used when neither the
 *     URL, {@code PGPASSWORD} nor the password file of libpq ({@code ~/.pgpass}, {@code
 *     PGPASSFILE}) has one; may be null
 * @param reconnectTimeout how long a PostgreSQL store keeps running again what may safely run twice
 *     while its database is out of reach (down, restarting, cut off), and how long a worker keeps
 *     claiming through failures, before giving up
 */
public record StoreOptions(
    boolean readOnly,
    SyncMode syncMode,
    Duration lockTimeout,
    LockWaitListener lockWaitListener,
    Path passwordFile,
    Duration reconnectTimeout) {
  /** The SQLite lock timeout when none is given. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);

  /** The reconnect timeout when none is given. */
  public static final Duration DEFAULT_RECONNECT_TIMEOUT = Duration.ofSeconds(30);

  public StoreOptions {
    Objects.requireNonNull(syncMode, "syncMode");
    Objects.requireNonNull(lockTimeout, "lockTimeout");
    Objects.requireNonNull(lockWaitListener, "lockWaitListener");
    if (lockTimeout.isNegative()) {
      throw new IllegalArgumentException("the lock timeout must not be negative: " + lockTimeout);
    }
    Objects.requireNonNull(reconnectTimeout, "reconnectTimeout");
    if (reconnectTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "the reconnect timeout must not be negative: " + reconnectTimeout);
    }
  }

  /**
   * Read-write, {@link SyncMode#NORMAL}, {@link #DEFAULT_LOCK_TIMEOUT}, no password file, {@link
   * #DEFAULT_RECONNECT_TIMEOUT}.
   */
  public static StoreOptions defaults() {
    return new StoreOptions(
        false,
        SyncMode.NORMAL,
        DEFAULT_LOCK_TIMEOUT,
        (s, t) -> {},
        null,
        DEFAULT_RECONNECT_TIMEOUT);
  }

  public StoreOptions withReadOnly(boolean readOnly) {
    return new StoreOptions(
        readOnly, syncMode, lockTimeout, lockWaitListener, passwordFile, reconnectTimeout);
  }

  public StoreOptions withSyncMode(SyncMode syncMode) {
    return new StoreOptions(
        readOnly, syncMode, lockTimeout, lockWaitListener, passwordFile, reconnectTimeout);
  }

  public StoreOptions withLockTimeout(Duration lockTimeout) {
    return new StoreOptions(
        readOnly, syncMode, lockTimeout, lockWaitListener, passwordFile, reconnectTimeout);
  }

  public StoreOptions withLockWaitListener(LockWaitListener lockWaitListener) {
    return new StoreOptions(
        readOnly, syncMode, lockTimeout, lockWaitListener, passwordFile, reconnectTimeout);
  }

  public StoreOptions withPasswordFile(Path passwordFile) {
    return new StoreOptions(
        readOnly, syncMode, lockTimeout, lockWaitListener, passwordFile, reconnectTimeout);
  }

  public StoreOptions withReconnectTimeout(Duration reconnectTimeout) {
    return new StoreOptions(
        readOnly, syncMode, lockTimeout, lockWaitListener, passwordFile, reconnectTimeout);
  }
}
