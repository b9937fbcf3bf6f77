package dev.flowc.runtime.store.jdbc;

import dev.flowc.dag.Bindings;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.RunValues;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.store.NewRun;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A large plan stored in several short transactions, so that other work (enqueues, completions,
 * heartbeats) gets through between them, yet atomically for everyone else: the run is either there
 * with all its jobs, or absent.
 *
 * <p>The first transaction inserts the run as {@code submitting}, a status no read shows; the next
 * ones insert its jobs and dependencies, at most {@link #CHUNK_ROWS} rows each, every job {@code
 * blocked} (a root job with no unmet dependency, a pair found nowhere else, so no claim sees it);
 * the last one makes the run {@code running} and its root jobs {@code pending}, and announces them.
 * The submitter holds a lease on the run, renewed by every transaction; when the submit fails it
 * removes what it wrote, and when its process dies the lease runs out and the reclaim timer of any
 * worker removes it ({@link #abandonExpired}).
 */
final class ChunkedSubmit {
  /**
   * Rows (jobs and dependencies) one transaction writes, and the size of plan above which a plan is
   * written in chunks: on SQLite, 5,000 rows hold the single writer for about 50 ms.
   */
  static final int CHUNK_ROWS = 5_000;

  /**
   * How long a submitting run stays after its submitter's last transaction: long enough for a
   * transaction queued behind a busy writer, short enough that a killed submitter's rows go soon.
   */
  static final Duration LEASE = Duration.ofSeconds(60);

  private static final String INSERT_RUN =
      "INSERT INTO runs (id, pipeline, status, params, source_path, base_dir, jobs, unfinished,"
          + " created_at, submit_owner, submit_until, run_key, scheduled_at)"
          + " VALUES (%s, ?, 'submitting', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

  private static final String RENEW =
      "UPDATE runs SET submit_until = ? WHERE id = ? AND status = 'submitting'"
          + " AND submit_owner = ?";

  private static final String PUBLISH_RUN =
      "UPDATE runs SET status = 'running', submit_owner = NULL, submit_until = NULL"
          + " WHERE id = ? AND status = 'submitting' AND submit_owner = ?";

  // A root job with a gate (a condition, a fan-out) is not pending at once: its gate decides, in
  // the publishing transaction (Gates).
  private static final String PUBLISH_JOBS =
      "UPDATE jobs SET state = 'pending', run_at = ?"
          + " WHERE run_id = ? AND state = 'blocked' AND unmet = 0"
          + " AND when_expr IS NULL AND each_spec IS NULL RETURNING id, stage, queue";

  private static final String GATED_ROOTS =
      "SELECT id FROM jobs WHERE run_id = ? AND state = 'blocked' AND unmet = 0"
          + " AND (when_expr IS NOT NULL OR each_spec IS NOT NULL) ORDER BY id";

  // An abandoned run keeps its status (so every read still leaves it out) and loses its owner, so
  // a submitter that comes back late can neither renew nor publish it.
  private static final String ABANDON_EXPIRED =
      "UPDATE runs SET submit_owner = NULL, submit_until = 0"
          + " WHERE status = 'submitting' AND submit_until < ? RETURNING id";

  private static final String ABANDON_OWN =
      "UPDATE runs SET submit_owner = NULL, submit_until = 0"
          + " WHERE id = ? AND status = 'submitting'";

  private final JdbcJobStore store;
  private final NewRun newRun;
  private final List<JobSpec> jobs;
  private final String owner = "submit-" + UUID.randomUUID();
  // Every job's id by stage, for the dependencies of later chunks.
  private final Map<String, Long> ids;
  // run.NAME, filled in as each job is stored (language version 2): known once the run is.
  private Bindings runValues;

  /**
   * Where the next chunk starts: jobs before {@code inserted} have their row; dependencies are
   * written up to job {@code depJob}'s {@code depIndex}-th.
   */
  private record Cursor(int inserted, int depJob, int depIndex) {}

  private ChunkedSubmit(JdbcJobStore store, NewRun newRun) {
    this.store = store;
    this.newRun = newRun;
    this.jobs = newRun.plan().jobs();
    this.ids = new HashMap<>(jobs.size() * 4 / 3 + 1);
  }

  /** Whether {@code plan} is stored in chunks rather than in one transaction. */
  static boolean isLarge(Plan plan) {
    return plan.jobs().size() > CHUNK_ROWS;
  }

  /** Stores {@code newRun} in chunks; returns the run's id once published. */
  static long submit(JdbcJobStore store, NewRun newRun) {
    return new ChunkedSubmit(store, newRun).submit();
  }

  private long submit() {
    long runId = store.call(this::insertRun);
    try {
      Cursor cursor = new Cursor(0, 0, 0);
      while (cursor.depJob < jobs.size()) {
        Cursor from = cursor;
        cursor = store.call(tx -> writeChunk(tx, runId, from));
        newRun.stored().accept(cursor.inserted);
        if (Thread.currentThread().isInterrupted()) {
          throw new java.util.concurrent.CancellationException(
              "the submit of run " + runId + " was interrupted");
        }
      }
      store.call(tx -> publish(tx, runId));
      return runId;
    } catch (RuntimeException | Error e) {
      remove(runId, e);
      throw e;
    }
  }

  private long insertRun(WriteTx tx) throws SQLException {
    Plan plan = newRun.plan();
    PreparedStatement run = tx.prepare(INSERT_RUN.formatted(tx.dialect().newRunId()));
    run.setString(1, plan.pipeline());
    run.setString(2, JobInserts.paramsJson(plan));
    run.setString(3, plan.source() == null ? null : plan.source().path());
    run.setString(4, newRun.baseDirectory());
    run.setInt(5, jobs.size());
    run.setInt(6, jobs.size());
    run.setLong(7, tx.now());
    run.setString(8, owner);
    run.setLong(9, tx.now() + LEASE.toMillis());
    run.setString(10, newRun.key());
    JobInserts.setNullableMillis(run, 11, newRun.scheduledAt());
    long runId;
    try (ResultSet keys = run.executeQuery()) {
      keys.next();
      runId = keys.getLong(1);
    }
    runValues =
        Bindings.none()
            .withRun(
                new RunValues(
                    runId,
                    plan.pipeline(),
                    Instant.ofEpochMilli(tx.now()),
                    newRun.scheduledAt(),
                    newRun.key()));
    return runId;
  }

  private void renew(WriteTx tx, long runId) throws SQLException {
    PreparedStatement renew = tx.prepare(RENEW);
    renew.setLong(1, tx.now() + LEASE.toMillis());
    renew.setLong(2, runId);
    renew.setString(3, owner);
    if (renew.executeUpdate() != 1) {
      throw lostLease(runId);
    }
  }

  private StoreException lostLease(long runId) {
    return new StoreException(
        "store '%s': the submit of run %d waited more than %d s between two of its transactions, and was removed as abandoned: submit the plan again"
            .formatted(store.location(), runId, LEASE.toSeconds()));
  }

  /**
   * Writes up to {@link #CHUNK_ROWS} rows from {@code from}: first the dependencies of jobs already
   * inserted, then new jobs and theirs. It only reads the fields, so a transaction run again after
   * a lost connection writes the same chunk.
   */
  private Cursor writeChunk(WriteTx tx, long runId, Cursor from) throws SQLException {
    renew(tx, runId);
    int budget = CHUNK_ROWS;
    int inserted = from.inserted;
    int depJob = from.depJob;
    int depIndex = from.depIndex;
    PreparedStatement dep = tx.prepare(JobInserts.INSERT_DEP);
    boolean depsBatched = false;
    while (true) {
      // Dependencies of the jobs inserted so far, in order, within the budget.
      while (depJob < inserted && budget > 0) {
        JobSpec spec = jobs.get(depJob);
        List<String> parents = spec.dependsOn();
        long id = ids.get(spec.stage());
        while (depIndex < parents.size() && budget > 0) {
          Long parent = ids.get(parents.get(depIndex));
          if (parent == null) {
            throw new IllegalArgumentException(
                "job '%s' depends on '%s', which is not before it in the plan"
                    .formatted(spec.stage(), parents.get(depIndex)));
          }
          dep.setLong(1, id);
          dep.setLong(2, parent);
          dep.setInt(3, spec.waitsForFinal().contains(parents.get(depIndex)) ? 1 : 0);
          dep.addBatch();
          depsBatched = true;
          depIndex++;
          budget--;
        }
        if (depIndex == parents.size()) {
          depJob++;
          depIndex = 0;
        }
      }
      if (budget <= 0 || inserted == jobs.size()) {
        break;
      }
      // New jobs, as many as fit with their dependencies (at least one).
      int end = inserted;
      int rows = 0;
      while (end < jobs.size()
          && (end == inserted || rows + 1 + jobs.get(end).dependsOn().size() <= budget)) {
        rows += 1 + jobs.get(end).dependsOn().size();
        end++;
      }
      insertJobs(tx, runId, inserted, end);
      budget -= end - inserted;
      inserted = end;
    }
    if (depsBatched) {
      dep.executeBatch();
    }
    return new Cursor(inserted, depJob, depIndex);
  }

  private void insertJobs(WriteTx tx, long runId, int from, int to) throws SQLException {
    // Increasing ids in the plan's order, chunk after chunk: id order stays a topological order.
    long[] reserved = tx.dialect().reserveJobIds(tx, to - from);
    // Through the dialect's bulk loader where it has one (COPY on PostgreSQL): nothing else runs on
    // the connection until the chunk's rows are all in.
    JobInserts.JobRows job = new JobInserts.JobRows(tx, true);
    try {
      for (int i = from; i < to; i++) {
        JobSpec spec = jobs.get(i);
        long id = reserved[i - from];
        ids.put(spec.stage(), id);
        JobInserts.addPlanJob(job, spec, id, runId, JobState.BLOCKED, tx.now(), runValues);
      }
      job.finish();
    } catch (SQLException | RuntimeException e) {
      job.cancel(); // the connection must leave a bulk load begun before it can roll back
      throw e;
    }
  }

  private Void publish(WriteTx tx, long runId) throws SQLException {
    // The key is taken when the run becomes visible: a submit with the same key that published
    // first wins, and this run is removed as a failed submit.
    if (newRun.key() != null) {
      RunKeys.take(tx, newRun.key(), runId);
    }
    PreparedStatement run = tx.prepare(PUBLISH_RUN);
    run.setLong(1, runId);
    run.setString(2, owner);
    if (run.executeUpdate() != 1) {
      throw lostLease(runId);
    }
    JobInserts.upsertQueues(tx, newRun.plan());
    PreparedStatement ready = tx.prepare(PUBLISH_JOBS);
    ready.setLong(1, tx.now());
    ready.setLong(2, runId);
    try (ResultSet rows = ready.executeQuery()) {
      while (rows.next()) {
        tx.insertEvent(
            rows.getLong(1), runId, rows.getString(2), JobState.PENDING, rows.getString(3));
      }
    }
    PreparedStatement gated = tx.prepare(GATED_ROOTS);
    gated.setLong(1, runId);
    try (ResultSet rows = gated.executeQuery()) {
      while (rows.next()) {
        tx.gates.add(rows.getLong(1));
      }
    }
    Gates.drain(tx);
    return null;
  }

  /**
   * Removes what a failed submit wrote, in transactions as short as the chunks. When that fails too
   * (the store is gone), the run is already marked abandoned, or its lease runs out: the reclaim
   * timer removes it.
   */
  private void remove(long runId, Throwable cause) {
    boolean interrupted = Thread.interrupted();
    try {
      store.call(
          tx -> {
            PreparedStatement abandon = tx.prepare(ABANDON_OWN);
            abandon.setLong(1, runId);
            return abandon.executeUpdate();
          });
      removeAbandoned(store, runId);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Marks the submitting runs whose lease ran out before {@code now} abandoned (their submitter is
   * gone), in one short transaction.
   *
   * @return their ids, and those of runs abandoned before and not removed yet
   */
  static List<Long> abandonExpired(WriteTx tx, Instant now) throws SQLException {
    List<Long> runs = new ArrayList<>();
    PreparedStatement abandon = tx.prepare(ABANDON_EXPIRED);
    abandon.setLong(1, now.toEpochMilli());
    try (ResultSet rows = abandon.executeQuery()) {
      while (rows.next()) {
        runs.add(rows.getLong(1));
      }
    }
    return runs;
  }

  /**
   * Deletes an abandoned run's jobs, dependencies and row, {@link RunRemoval#CHUNK_JOBS} jobs at a
   * time (with their error history, logs and dead letters: a large run being purged is hidden as an
   * abandoned submit, see RunPurge).
   */
  static void removeAbandoned(JdbcJobStore store, long runId) {
    RunRemoval.removeHidden(store, runId);
  }
}
