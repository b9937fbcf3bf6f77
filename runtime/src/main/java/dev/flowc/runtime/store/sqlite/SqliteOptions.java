package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.LockWaitListener;
import dev.flowc.runtime.SyncMode;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SqliteJobStore} is opened.
 *
 * @param syncMode how durable a commit is
 * @param readOnly open with SQLITE_OPEN_READONLY: nothing is created, migrated or written, and
 *     writes fail; works on a read-only file system
 * @param lockTimeout how long an operation waits for a lock another process holds before it fails
 * @param lockWaitListener told when a wait for a lock passes {@link LockWaitListener#NOTICE_AFTER}
 */
public record SqliteOptions(
    SyncMode syncMode, boolean readOnly, Duration lockTimeout, LockWaitListener lockWaitListener) {
  /** The lock timeout when none is given. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);

  public SqliteOptions {
    Objects.requireNonNull(syncMode, "syncMode");
    Objects.requireNonNull(lockTimeout, "lockTimeout");
    Objects.requireNonNull(lockWaitListener, "lockWaitListener");
    if (lockTimeout.isNegative()) {
      throw new IllegalArgumentException("the lock timeout must not be negative: " + lockTimeout);
    }
  }

  /** Read-write, {@link SyncMode#NORMAL}, {@link #DEFAULT_LOCK_TIMEOUT}, lock waits unheard. */
  public static SqliteOptions defaults() {
    return new SqliteOptions(SyncMode.NORMAL, false, DEFAULT_LOCK_TIMEOUT, (store, timeout) -> {});
  }

  public SqliteOptions withSyncMode(SyncMode syncMode) {
    return new SqliteOptions(syncMode, readOnly, lockTimeout, lockWaitListener);
  }

  public SqliteOptions withReadOnly(boolean readOnly) {
    return new SqliteOptions(syncMode, readOnly, lockTimeout, lockWaitListener);
  }

  public SqliteOptions withLockTimeout(Duration lockTimeout) {
    return new SqliteOptions(syncMode, readOnly, lockTimeout, lockWaitListener);
  }

  public SqliteOptions withLockWaitListener(LockWaitListener lockWaitListener) {
    return new SqliteOptions(syncMode, readOnly, lockTimeout, lockWaitListener);
  }
}
