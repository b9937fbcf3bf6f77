package dev.flowc.runtime.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * Keeps each run's job counters and status in step with its jobs, in the transaction that changed
 * them: a run is running while a job is not final, cancelled when it was cancelled, failed when a
 * job is dead, cancelled when a job was cancelled by a user, else complete.
 */
final class RunCounters {
  private static final String UPDATE_COUNTERS =
      "UPDATE runs SET unfinished = unfinished + ?, dead = dead + ?, cancelled = cancelled + ?"
          + " WHERE id = ?";
  private static final String UPDATE_STATUS =
      """
      UPDATE runs SET
        status = CASE
          WHEN unfinished > 0 THEN 'running'
          WHEN cancel_requested = 1 THEN 'cancelled'
          WHEN dead > 0 THEN 'failed'
          WHEN cancelled > 0 THEN 'cancelled'
          ELSE 'complete' END,
        finished_at = CASE WHEN unfinished > 0 THEN NULL ELSE coalesce(finished_at, ?) END
      WHERE id = ?""";

  // Where a run's row must not be updated by every transaction (it would serialize all workers
  // on its lock until their commits), the changes are inserted apart, one row per transaction and
  // run, and added on read (the dialect's runs view) until fold() moves them into the run.
  private static final String INSERT_DELTA =
      "INSERT INTO run_deltas (run_id, unfinished, dead, cancelled, at) VALUES (?, ?, ?, ?, ?)";

  private static final String FOLD =
      """
      WITH moved AS (DELETE FROM run_deltas RETURNING run_id, unfinished, dead, cancelled, at),
      sums AS (
        SELECT run_id, sum(unfinished) AS u, sum(dead) AS d, sum(cancelled) AS c, max(at) AS last
        FROM moved GROUP BY run_id)
      UPDATE runs SET
        unfinished = runs.unfinished + sums.u,
        dead = runs.dead + sums.d,
        cancelled = runs.cancelled + sums.c,
        status = CASE
          WHEN runs.unfinished + sums.u > 0 THEN 'running'
          WHEN runs.cancel_requested = 1 THEN 'cancelled'
          WHEN runs.dead + sums.d > 0 THEN 'failed'
          WHEN runs.cancelled + sums.c > 0 THEN 'cancelled'
          ELSE 'complete' END,
        finished_at = CASE WHEN runs.unfinished + sums.u > 0 THEN NULL
          ELSE coalesce(sums.last, runs.finished_at) END
      FROM sums WHERE runs.id = sums.run_id""";

  private RunCounters() {}

  /** Moves the counter changes kept apart into their runs. */
  static void fold(WriteTx tx) throws SQLException {
    tx.prepare(FOLD).executeUpdate();
  }

  static void apply(WriteTx tx) throws SQLException {
    if (!tx.dialect().runsView().equals("runs")) {
      insertDeltas(tx);
      return;
    }
    for (Map.Entry<Long, WriteTx.RunDelta> entry : tx.runs.entrySet()) {
      WriteTx.RunDelta delta = entry.getValue();
      if (delta.unfinished != 0 || delta.dead != 0 || delta.cancelled != 0) {
        PreparedStatement counters = tx.prepare(UPDATE_COUNTERS);
        counters.setInt(1, delta.unfinished);
        counters.setInt(2, delta.dead);
        counters.setInt(3, delta.cancelled);
        counters.setLong(4, entry.getKey());
        counters.executeUpdate();
      }
      PreparedStatement status = tx.prepare(UPDATE_STATUS);
      status.setLong(1, tx.now());
      status.setLong(2, entry.getKey());
      status.executeUpdate();
    }
    tx.runs.clear();
  }

  private static void insertDeltas(WriteTx tx) throws SQLException {
    PreparedStatement insert = null;
    // In run order, so two transactions never take index locks in opposite orders.
    for (Map.Entry<Long, WriteTx.RunDelta> entry : new java.util.TreeMap<>(tx.runs).entrySet()) {
      WriteTx.RunDelta delta = entry.getValue();
      if (delta.unfinished == 0 && delta.dead == 0 && delta.cancelled == 0) {
        continue;
      }
      if (insert == null) {
        insert = tx.prepare(INSERT_DELTA);
      }
      insert.setLong(1, entry.getKey());
      insert.setInt(2, delta.unfinished);
      insert.setInt(3, delta.dead);
      insert.setInt(4, delta.cancelled);
      insert.setLong(5, tx.now());
      insert.addBatch();
    }
    if (insert != null) {
      insert.executeBatch();
    }
    tx.runs.clear();
  }
}
