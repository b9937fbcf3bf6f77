package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.store.jdbc.Dialect;
import dev.flowc.runtime.store.jdbc.WriteTx;
import java.sql.ResultSet;
import java.sql.SQLException;

/** SQLite's SQL: one writer at a time, so no row locks, and ids after the largest one. */
final class SqliteDialect implements Dialect {
  static final SqliteDialect INSTANCE = new SqliteDialect();

  private static final String MAX_JOB_ID = "SELECT coalesce(max(id), 0) FROM jobs";

  private SqliteDialect() {}

  @Override
  public String claimLocking() {
    return "";
  }

  @Override
  public void lockQueues(WriteTx tx, java.util.List<String> queues) {
    // The writer is the only one claiming: nothing to serialize.
  }

  @Override
  public long[] reserveJobIds(WriteTx tx, int count) throws SQLException {
    // The writer holds the write lock, so ids from max(id) + 1 are ours.
    long next;
    try (ResultSet max = tx.prepare(MAX_JOB_ID).executeQuery()) {
      max.next();
      next = max.getLong(1) + 1;
    }
    long[] ids = new long[count];
    for (int i = 0; i < count; i++) {
      ids[i] = next + i;
    }
    return ids;
  }

  @Override
  public String runsView() {
    return "runs";
  }

  @Override
  public void announceReady(WriteTx tx) {
    // Processes sharing the file poll: SQLite has no channel to tell them.
  }

  @Override
  public void announceCancel(WriteTx tx) {
    // Workers of other processes find it with their next heartbeat.
  }

  @Override
  public StoreException translate(String location, String doing, SQLException e) {
    return SqliteErrors.translate(location, doing, e);
  }

  @Override
  public boolean isRetryable(SQLException e) {
    // The busy handler (LockWait) already waited the store's whole lock timeout.
    return false;
  }
}
