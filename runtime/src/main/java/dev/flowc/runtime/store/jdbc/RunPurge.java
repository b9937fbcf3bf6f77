package dev.flowc.runtime.store.jdbc;

import dev.flowc.runtime.PurgeReport;
import dev.flowc.runtime.PurgeRequest;
import dev.flowc.runtime.RunStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes finished runs with everything they hold, in short transactions that other work (claims,
 * completions, heartbeats) gets between.
 *
 * <p>A run of up to {@link #WHOLE_RUN_JOBS} jobs is removed whole in one transaction, together with
 * other such runs up to {@link #BATCH_JOBS} jobs or {@link #BATCH_RUNS} runs. The transaction looks
 * again at each run first (a replay or an enqueue may have made it unfinished since it was picked),
 * deletes its row first (so an enqueue into it that has not committed yet fails: {@link
 * JobInserts}), deletes only final jobs, and gives the run up when a job is left (one that is not
 * final); the others of the batch are removed without it.
 *
 * <p>A larger run is first hidden, in one transaction, the way a run being submitted in chunks is
 * ({@link ChunkedSubmit}): status {@code submitting} with a lease that has already run out, which
 * every read, claim and transition leaves out. Its rows then go in transactions of {@link
 * RunRemoval#CHUNK_JOBS} jobs, the run's row last. A purge killed meanwhile leaves a run nobody
 * sees, which the next purge, or the reclaim timer of any worker, finishes removing.
 *
 * <p>Runs' idempotency keys are never removed: a later submit with a purged run's key still gets
 * that run's id.
 */
final class RunPurge {
  /** The most jobs of a run removed in a single transaction; a larger run is hidden first. */
  static final int WHOLE_RUN_JOBS = RunRemoval.CHUNK_JOBS;

  /** Jobs (about) and runs one transaction removes. */
  static final int BATCH_JOBS = 1_000;

  static final int BATCH_RUNS = 100;

  /** Runs read at a time when picking candidates. */
  private static final int PAGE = 500;

  private static final String FINAL_JOB_STATES = "('complete', 'dead', 'cancelled', 'skipped')";

  private static final String LEFT_OVER =
      "SELECT id FROM runs WHERE status = 'submitting' AND submit_until = 0 ORDER BY id";

  // %1$s: the "runs" table, not the dialect's view, for a purge: what the view adds (PostgreSQL's
  // counter changes not folded yet) is folded first, and each candidate is looked at again through
  // the view when it is removed. A dry run, which writes nothing, reads the view.
  private static final String CANDIDATES =
      "SELECT id, jobs FROM %s WHERE id > ? AND finished_at IS NOT NULL"
          + " AND status IN ('complete', 'failed', 'cancelled') %s ORDER BY id LIMIT ?";

  private static final String CURRENT =
      "SELECT status, finished_at, dead, unfinished FROM %s WHERE id = ?";

  private static final String DELETE_RUN =
      "DELETE FROM runs WHERE id = ? AND status <> 'submitting'";

  private static final String HIDE_RUN =
      "UPDATE runs SET status = 'submitting', submit_owner = 'purge', submit_until = 0"
          + " WHERE id = ? AND status <> 'submitting'";

  private static final String DELETE_JOBS =
      "DELETE FROM jobs WHERE run_id = ? AND state IN " + FINAL_JOB_STATES;

  private static final String ANY_JOB_LEFT = "SELECT 1 FROM jobs WHERE run_id = ? LIMIT 1";

  private static final String DELETE_DEAD_JOBS =
      "DELETE FROM jobs WHERE run_id = ? AND state = 'dead'";

  private RunPurge() {}

  /** A run that became unfinished while it was being removed: it stays. */
  static final class RunChanged extends RuntimeException {
    final long runId;

    RunChanged(long runId) {
      super("run " + runId + " changed while it was purged", null, false, false);
      this.runId = runId;
    }
  }

  private record Candidate(long id, long jobs) {}

  /** Removes (or, for a dry run, counts) what {@code request} names, measured from {@code now}. */
  static PurgeReport purge(JdbcJobStore store, PurgeRequest request, Instant now) {
    Criteria criteria = new Criteria(request, now);
    PurgeReport report = PurgeReport.none(request.dryRun());
    if (request.olderThan().isEmpty()) {
      return report;
    }
    if (!request.dryRun()) {
      // Runs whose removal began and was not finished (a purge killed mid-way).
      for (long runId : store.read(RunPurge::leftOver)) {
        report = report.plus(RunRemoval.removeHidden(store, runId));
      }
      if (store.dialect().concurrentWriters()) {
        store.callIdempotent(
            tx -> {
              RunCounters.fold(tx);
              return null;
            });
      }
    }
    long after = 0;
    while (!Thread.currentThread().isInterrupted()) {
      long from = after;
      String runs = request.dryRun() ? store.dialect().runsView() : "runs";
      List<Candidate> page = store.read(c -> candidates(c, runs, criteria, from));
      if (page.isEmpty()) {
        return report;
      }
      after = page.get(page.size() - 1).id();
      if (request.dryRun()) {
        report = report.plus(store.read(c -> count(c, page)));
        continue;
      }
      List<Long> batch = new ArrayList<>();
      long batchJobs = 0;
      for (Candidate run : page) {
        if (run.jobs() > WHOLE_RUN_JOBS) {
          report = report.plus(removeLarge(store, criteria, run.id()));
          continue;
        }
        batch.add(run.id());
        batchJobs += run.jobs();
        if (batchJobs >= BATCH_JOBS || batch.size() >= BATCH_RUNS) {
          report = report.plus(removeBatch(store, criteria, batch));
          batch = new ArrayList<>();
          batchJobs = 0;
        }
      }
      if (!batch.isEmpty()) {
        report = report.plus(removeBatch(store, criteria, batch));
      }
    }
    return report; // interrupted (its worker stops): what is left goes next time
  }

  /** The statuses and ages a run must have; bound into {@link #CANDIDATES}. */
  private record Criteria(
      List<Map.Entry<RunStatus, Instant>> finishedBefore, boolean keepRunsWithDeadJobs) {
    Criteria(PurgeRequest request, Instant now) {
      this(
          request.olderThan().entrySet().stream()
              .map(e -> Map.entry(e.getKey(), cutoff(now, e.getValue())))
              .toList(),
          request.keepRunsWithDeadJobs());
    }

    private static Instant cutoff(Instant now, Duration age) {
      try {
        return now.minus(age);
      } catch (java.time.DateTimeException | ArithmeticException e) {
        return Instant.EPOCH; // older than anything a store holds
      }
    }

    String condition() {
      StringBuilder sql = new StringBuilder("AND (");
      for (int i = 0; i < finishedBefore.size(); i++) {
        sql.append(i == 0 ? "" : " OR ").append("(status = ? AND finished_at < ?)");
      }
      sql.append(')');
      if (keepRunsWithDeadJobs) {
        sql.append(" AND dead = 0");
      }
      return sql.toString();
    }

    int bind(PreparedStatement statement, int from) throws SQLException {
      int i = from;
      for (Map.Entry<RunStatus, Instant> entry : finishedBefore) {
        statement.setString(i++, entry.getKey().label());
        statement.setLong(i++, entry.getValue().toEpochMilli());
      }
      return i;
    }

    /** Whether a run as it is now is still one to remove. */
    boolean matches(String status, long finishedAt, int dead, int unfinished) {
      if (unfinished > 0 || (keepRunsWithDeadJobs && dead > 0)) {
        return false;
      }
      for (Map.Entry<RunStatus, Instant> entry : finishedBefore) {
        if (entry.getKey().label().equals(status) && finishedAt < entry.getValue().toEpochMilli()) {
          return true;
        }
      }
      return false;
    }
  }

  private static List<Long> leftOver(Connection connection) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(LEFT_OVER);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        ids.add(rows.getLong(1));
      }
    }
    return ids;
  }

  private static List<Candidate> candidates(
      Connection connection, String runs, Criteria criteria, long after) throws SQLException {
    List<Candidate> page = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(CANDIDATES.formatted(runs, criteria.condition()))) {
      select.setLong(1, after);
      int next = criteria.bind(select, 2);
      select.setInt(next, PAGE);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          page.add(new Candidate(rows.getLong(1), rows.getLong(2)));
        }
      }
    }
    return page;
  }

  /** What removing {@code page} would remove (a dry run). */
  private static PurgeReport count(Connection connection, List<Candidate> page)
      throws SQLException {
    PurgeReport report = PurgeReport.none(true);
    for (Candidate run : page) {
      report = report.plus(RunRemoval.count(connection, run.id()));
    }
    return report;
  }

  /** Removes the runs of {@code batch} that are still to remove, each whole, in one transaction. */
  private static PurgeReport removeBatch(JdbcJobStore store, Criteria criteria, List<Long> batch) {
    List<Long> runs = new ArrayList<>(batch);
    while (!runs.isEmpty()) {
      List<Long> these = List.copyOf(runs);
      try {
        PurgeReport report =
            store.call(
                tx -> {
                  PurgeReport removed = PurgeReport.none(false);
                  for (long runId : these) {
                    removed = removed.plus(removeWhole(tx, criteria, runId));
                  }
                  return removed;
                });
        store.reclaimSpace();
        return report;
      } catch (RunChanged changed) {
        runs.remove(changed.runId);
      }
    }
    return PurgeReport.none(false);
  }

  /** Whether the run, looked at in {@code tx}, is still one to remove. */
  private static boolean stillToRemove(WriteTx tx, Criteria criteria, long runId)
      throws SQLException {
    PreparedStatement current = tx.prepare(CURRENT.formatted(tx.dialect().runsView()));
    current.setLong(1, runId);
    try (ResultSet rows = current.executeQuery()) {
      if (!rows.next()) {
        return false;
      }
      long finishedAt = rows.getLong(2);
      return !rows.wasNull()
          && criteria.matches(rows.getString(1), finishedAt, rows.getInt(3), rows.getInt(4));
    }
  }

  private static PurgeReport removeWhole(WriteTx tx, Criteria criteria, long runId)
      throws SQLException {
    if (!stillToRemove(tx, criteria, runId)) {
      return PurgeReport.none(false);
    }
    PreparedStatement run = tx.prepare(DELETE_RUN);
    run.setLong(1, runId);
    if (run.executeUpdate() != 1) {
      return PurgeReport.none(false);
    }
    PurgeReport removed = RunRemoval.deleteChildren(tx, RunRemoval.UP_TO, runId, Long.MAX_VALUE);
    PreparedStatement jobs = tx.prepare(DELETE_JOBS);
    jobs.setLong(1, runId);
    long deleted = jobs.executeUpdate();
    PreparedStatement left = tx.prepare(ANY_JOB_LEFT);
    left.setLong(1, runId);
    try (ResultSet rows = left.executeQuery()) {
      if (rows.next()) {
        throw new RunChanged(runId); // a job that is not final: the transaction rolls back
      }
    }
    RunRemoval.deleteDeltas(tx, runId);
    return new PurgeReport(
        1, deleted, removed.logLines(), removed.errors(), removed.deadLetters(), 0, false);
  }

  /**
   * Hides a large run (after deleting its dead jobs, which a replay could otherwise bring back),
   * then removes it in chunks.
   */
  private static PurgeReport removeLarge(JdbcJobStore store, Criteria criteria, long runId) {
    PurgeReport hidden;
    try {
      hidden = store.call(tx -> hide(tx, criteria, runId));
    } catch (RunChanged changed) {
      return PurgeReport.none(false);
    }
    if (hidden == null) {
      return PurgeReport.none(false);
    }
    return hidden.plus(RunRemoval.removeHidden(store, runId));
  }

  private static PurgeReport hide(WriteTx tx, Criteria criteria, long runId) throws SQLException {
    if (!stillToRemove(tx, criteria, runId)) {
      return null;
    }
    PreparedStatement hide = tx.prepare(HIDE_RUN);
    hide.setLong(1, runId);
    if (hide.executeUpdate() != 1) {
      return null;
    }
    PurgeReport removed =
        RunRemoval.deleteChildren(tx, RunRemoval.DEAD_OF_RUN, runId, Long.MAX_VALUE);
    PreparedStatement dead = tx.prepare(DELETE_DEAD_JOBS);
    dead.setLong(1, runId);
    long jobs = dead.executeUpdate();
    // Looked at after the run's row was changed: what committed before is seen, and a replay or
    // an enqueue that comes later finds the run hidden.
    PreparedStatement current = tx.prepare(CURRENT.formatted(tx.dialect().runsView()));
    current.setLong(1, runId);
    try (ResultSet rows = current.executeQuery()) {
      if (!rows.next() || rows.getInt(4) > 0) {
        throw new RunChanged(runId);
      }
    }
    return new PurgeReport(
        0, jobs, removed.logLines(), removed.errors(), removed.deadLetters(), 0, false);
  }
}
