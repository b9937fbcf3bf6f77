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

  private RunCounters() {}

  static void apply(WriteTx tx) throws SQLException {
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
}
