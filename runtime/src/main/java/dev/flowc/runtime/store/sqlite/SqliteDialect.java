package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.store.jdbc.BulkLoader;
import dev.flowc.runtime.store.jdbc.Dialect;
import dev.flowc.runtime.store.jdbc.WriteTx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** SQLite's SQL: one writer at a time, so no row locks, and ids after the largest one ever. */
final class SqliteDialect implements Dialect {
  static final SqliteDialect INSTANCE = new SqliteDialect();

  // SQLite's rowid is one after the largest id now, which comes back once the newest rows are
  // purged: ids come after the largest one ever removed too (id_marks, kept by triggers).
  private static final String MAX_JOB_ID =
      "SELECT max(coalesce((SELECT max(id) FROM jobs), 0),"
          + " coalesce((SELECT last_id FROM id_marks WHERE name = 'jobs'), 0))";

  private static final String NEW_RUN_ID =
      "(SELECT max(coalesce((SELECT max(id) FROM runs), 0),"
          + " coalesce((SELECT last_id FROM id_marks WHERE name = 'runs'), 0)) + 1)";

  private SqliteDialect() {}

  @Override
  public String claimLocking() {
    return "";
  }

  /** The writer is the only one claiming: a claim's SELECT and UPDATE see the same jobs. */
  @Override
  public boolean claimReadsFirst() {
    return true;
  }

  @Override
  public void lockQueues(WriteTx tx, java.util.List<String> queues) {
    // The writer is the only one claiming: nothing to serialize.
  }

  @Override
  public long[] reserveJobIds(WriteTx tx, int count) throws SQLException {
    // The writer holds the write lock, so ids after the largest one given are ours.
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
  public String newRunId() {
    return NEW_RUN_ID;
  }

  @Override
  public String runsView() {
    return "runs";
  }

  /** Multi-row inserts: a row alone in its statement cost half as much again (issue 10). */
  @Override
  public BulkLoader bulkLoader(WriteTx tx, String table, List<String> columns) {
    return new ValuesLoader(tx, table, columns);
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
