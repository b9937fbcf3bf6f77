package dev.flowc.runtime.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * Idempotency keys of runs, in {@code run_keys}: a key names one run forever in a store. The
 * table's primary key decides between racing submits: the first transaction to insert a key wins;
 * on PostgreSQL a second one waits on the first's uncommitted row and then finds it taken.
 */
final class RunKeys {
  private static final String FIND = "SELECT run_id FROM run_keys WHERE key = ?";

  private static final String TAKE =
      "INSERT INTO run_keys (key, run_id, created_at) VALUES (?, ?, ?)"
          + " ON CONFLICT (key) DO NOTHING";

  /**
   * Thrown inside a transaction that made a run whose key another transaction took first: the
   * transaction rolls back, and the submit returns the other run.
   */
  static final class Taken extends RuntimeException {
    final String key;

    Taken(String key) {
      super("the key '" + key + "' names another run", null, false, false);
      this.key = key;
    }
  }

  private RunKeys() {}

  /** The run with {@code key}, seen from a write transaction. */
  static OptionalLong find(WriteTx tx, String key) throws SQLException {
    PreparedStatement find = tx.prepare(FIND);
    find.setString(1, key);
    try (ResultSet rows = find.executeQuery()) {
      return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
    }
  }

  /** The run with {@code key}, read. */
  static OptionalLong find(Connection connection, String key) throws SQLException {
    try (PreparedStatement find = connection.prepareStatement(FIND)) {
      find.setString(1, key);
      try (ResultSet rows = find.executeQuery()) {
        return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /**
   * Gives {@code key} to {@code runId}, made in this transaction.
   *
   * @throws Taken when another run has it: the caller's transaction must roll back
   */
  static void take(WriteTx tx, String key, long runId) throws SQLException {
    PreparedStatement take = tx.prepare(TAKE);
    take.setString(1, key);
    take.setLong(2, runId);
    take.setLong(3, tx.now());
    if (take.executeUpdate() != 1) {
      throw new Taken(key);
    }
  }
}
