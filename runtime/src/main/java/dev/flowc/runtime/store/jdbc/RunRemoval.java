package dev.flowc.runtime.store.jdbc;

import dev.flowc.runtime.PurgeReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Deletes a run's rows: its jobs with their dependencies, error history, logs and dead letters, and
 * its row. A hidden run (status {@code submitting}, which nothing shows: a submit that was
 * abandoned, a large run being purged) goes in transactions of {@link #CHUNK_JOBS} jobs, the run's
 * row last, so others get through between them and a removal cut short is finished by the next.
 */
final class RunRemoval {
  /**
   * Jobs one transaction removes from a hidden run: on SQLite, about as long a hold of the single
   * writer as a chunk of a large submit ({@link ChunkedSubmit#CHUNK_ROWS}).
   */
  static final int CHUNK_JOBS = 5_000;

  /** Jobs of the run (first parameter) up to an id (second). */
  static final String UP_TO = "run_id = ? AND id <= ?";

  /** Dead jobs of the run (first parameter) up to an id (second). */
  static final String DEAD_OF_RUN = "run_id = ? AND state = 'dead' AND id <= ?";

  private static final String OF_JOBS = " WHERE job_id IN (SELECT id FROM jobs WHERE %s)";

  private static final String LOG_LINES =
      "SELECT coalesce(sum(line_count), 0) FROM job_logs" + OF_JOBS;
  private static final String DELETE_LOGS = "DELETE FROM job_logs" + OF_JOBS;
  private static final String DELETE_ERRORS = "DELETE FROM job_errors" + OF_JOBS;
  private static final String DELETE_DEAD_LETTERS = "DELETE FROM dead_letters" + OF_JOBS;
  // A dependency on one of the run's jobs from a job of another run (enqueued with it as a parent)
  // stays: it is that job's history, and its parent was final, so it changes nothing.
  private static final String DELETE_DEPS = "DELETE FROM job_deps" + OF_JOBS;

  private static final String IS_HIDDEN =
      "SELECT 1 FROM runs WHERE id = ? AND status = 'submitting'";
  private static final String CHUNK_END =
      "SELECT id FROM jobs WHERE run_id = ? ORDER BY id LIMIT 1 OFFSET ?";
  private static final String DELETE_JOBS = "DELETE FROM jobs WHERE " + UP_TO;
  private static final String DELETE_HIDDEN_RUN =
      "DELETE FROM runs WHERE id = ? AND status = 'submitting'";
  private static final String DELETE_DELTAS = "DELETE FROM run_deltas WHERE run_id = ?";

  private static final String COUNT_JOBS = "SELECT count(*) FROM jobs WHERE run_id = ?";
  private static final String COUNT_ERRORS = "SELECT count(*) FROM job_errors" + OF_JOBS;
  private static final String COUNT_DEAD_LETTERS = "SELECT count(*) FROM dead_letters" + OF_JOBS;

  private RunRemoval() {}

  /**
   * Deletes the logs, error history, dead letters and dependencies of the jobs {@code jobs} selects
   * ({@link #UP_TO} or {@link #DEAD_OF_RUN}, bound to {@code runId} and {@code upTo}); the jobs
   * themselves stay.
   *
   * @return the log lines, errors and dead letters deleted
   */
  static PurgeReport deleteChildren(WriteTx tx, String jobs, long runId, long upTo)
      throws SQLException {
    PreparedStatement lines = bind(tx.prepare(LOG_LINES.formatted(jobs)), runId, upTo);
    long logLines;
    try (ResultSet rows = lines.executeQuery()) {
      rows.next();
      logLines = rows.getLong(1);
    }
    bind(tx.prepare(DELETE_LOGS.formatted(jobs)), runId, upTo).executeUpdate();
    long errors = bind(tx.prepare(DELETE_ERRORS.formatted(jobs)), runId, upTo).executeUpdate();
    long deadLetters =
        bind(tx.prepare(DELETE_DEAD_LETTERS.formatted(jobs)), runId, upTo).executeUpdate();
    bind(tx.prepare(DELETE_DEPS.formatted(jobs)), runId, upTo).executeUpdate();
    return new PurgeReport(0, 0, logLines, errors, deadLetters, 0, false);
  }

  private static PreparedStatement bind(PreparedStatement statement, long runId, long upTo)
      throws SQLException {
    statement.setLong(1, runId);
    statement.setLong(2, upTo);
    return statement;
  }

  /** Deletes the counter changes kept apart for the run, where there are any (PostgreSQL). */
  static void deleteDeltas(WriteTx tx, long runId) throws SQLException {
    if (!tx.dialect().runsView().equals("runs")) {
      PreparedStatement deltas = tx.prepare(DELETE_DELTAS);
      deltas.setLong(1, runId);
      deltas.executeUpdate();
    }
  }

  /**
   * Removes a hidden run, {@link #CHUNK_JOBS} jobs per transaction, its row last.
   *
   * @return what was removed (the run counts once its row is gone)
   */
  static PurgeReport removeHidden(JdbcJobStore store, long runId) {
    PurgeReport removed = PurgeReport.none(false);
    while (true) {
      Chunk chunk = store.callIdempotent(tx -> removeChunk(tx, runId));
      removed = removed.plus(chunk.removed());
      store.reclaimSpace();
      // Interrupted (its worker stops): the hidden run is finished by the next purge or reclaim.
      if (chunk.last() || Thread.currentThread().isInterrupted()) {
        return removed;
      }
    }
  }

  private record Chunk(PurgeReport removed, boolean last) {}

  private static Chunk removeChunk(WriteTx tx, long runId) throws SQLException {
    PreparedStatement hidden = tx.prepare(IS_HIDDEN);
    hidden.setLong(1, runId);
    try (ResultSet rows = hidden.executeQuery()) {
      if (!rows.next()) {
        return new Chunk(PurgeReport.none(false), true); // removed by another meanwhile
      }
    }
    PreparedStatement end = tx.prepare(CHUNK_END);
    end.setLong(1, runId);
    end.setInt(2, CHUNK_JOBS - 1);
    long upTo = Long.MAX_VALUE;
    try (ResultSet rows = end.executeQuery()) {
      if (rows.next()) {
        upTo = rows.getLong(1);
      }
    }
    PurgeReport children = deleteChildren(tx, UP_TO, runId, upTo);
    long jobs = bind(tx.prepare(DELETE_JOBS), runId, upTo).executeUpdate();
    int runs = 0;
    if (upTo == Long.MAX_VALUE) {
      deleteDeltas(tx, runId);
      PreparedStatement run = tx.prepare(DELETE_HIDDEN_RUN);
      run.setLong(1, runId);
      runs = run.executeUpdate();
    }
    return new Chunk(
        new PurgeReport(
            runs, jobs, children.logLines(), children.errors(), children.deadLetters(), 0, false),
        upTo == Long.MAX_VALUE);
  }

  /** What removing the run would remove, counted in a read (a dry run). */
  static PurgeReport count(Connection connection, long runId) throws SQLException {
    long jobs = countOne(connection, COUNT_JOBS, runId, false);
    long lines = countOne(connection, LOG_LINES.formatted(UP_TO), runId, true);
    long errors = countOne(connection, COUNT_ERRORS.formatted(UP_TO), runId, true);
    long deadLetters = countOne(connection, COUNT_DEAD_LETTERS.formatted(UP_TO), runId, true);
    return new PurgeReport(1, jobs, lines, errors, deadLetters, -1, true);
  }

  private static long countOne(Connection connection, String sql, long runId, boolean bounded)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, runId);
      if (bounded) {
        statement.setLong(2, Long.MAX_VALUE);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
