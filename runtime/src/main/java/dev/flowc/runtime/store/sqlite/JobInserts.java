package dev.flowc.runtime.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.dag.Backoff;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.store.NewRun;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/** New runs and jobs. */
final class JobInserts {
  private static final String INSERT_RUN =
      "INSERT INTO runs (pipeline, status, params, source_path, base_dir, jobs, unfinished,"
          + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String UPSERT_QUEUE =
      "INSERT INTO queues (name, concurrency) VALUES (?, ?)"
          + " ON CONFLICT (name) DO UPDATE SET concurrency = excluded.concurrency";

  private static final String ADD_QUEUE =
      "INSERT INTO queues (name, concurrency) VALUES (?, NULL) ON CONFLICT (name) DO NOTHING";

  private static final String MAX_JOB_ID = "SELECT coalesce(max(id), 0) FROM jobs";

  private static final String INSERT_JOB =
      "INSERT INTO jobs (id, run_id, stage, handler, queue, priority, state, run_at, unmet,"
          + " max_retries, backoff_kind, backoff_base_ms, backoff_max_ms, timeout_ms, input,"
          + " metadata, description, created_at, cancelled_by, finished_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String INSERT_DEP =
      "INSERT OR IGNORE INTO job_deps (job_id, depends_on) VALUES (?, ?)";

  private static final String PARENT = "SELECT state FROM jobs WHERE id = ?";

  private static final String ADD_TO_RUN =
      "UPDATE runs SET jobs = jobs + 1, unfinished = unfinished + ?, cancelled = cancelled + ?"
          + " WHERE id = ?";

  private static final String RUN_EXISTS = "SELECT 1 FROM runs WHERE id = ?";

  private JobInserts() {}

  /** Inserts a run and its jobs; returns the run's id. */
  static long createRun(WriteTx tx, NewRun newRun) throws SQLException {
    Plan plan = newRun.plan();
    PreparedStatement run = tx.prepare(INSERT_RUN);
    run.setString(1, plan.pipeline());
    run.setString(2, plan.jobs().isEmpty() ? "complete" : "running");
    run.setString(3, paramsJson(plan));
    run.setString(4, plan.source() == null ? null : plan.source().path());
    run.setString(5, newRun.baseDirectory());
    run.setInt(6, plan.jobs().size());
    run.setInt(7, plan.jobs().size());
    run.setLong(8, tx.now());
    run.executeUpdate();
    long runId;
    try (ResultSet keys =
        tx.connection().createStatement().executeQuery("SELECT last_insert_rowid()")) {
      keys.next();
      runId = keys.getLong(1);
    }
    if (plan.jobs().isEmpty()) {
      PreparedStatement finish = tx.prepare("UPDATE runs SET finished_at = ? WHERE id = ?");
      finish.setLong(1, tx.now());
      finish.setLong(2, runId);
      finish.executeUpdate();
    }
    PreparedStatement queue = tx.prepare(UPSERT_QUEUE);
    for (QueueSpec spec : plan.queues()) {
      queue.setString(1, spec.name());
      if (spec.concurrency() == null) {
        queue.setNull(2, java.sql.Types.INTEGER);
      } else {
        queue.setInt(2, spec.concurrency());
      }
      queue.addBatch();
    }
    queue.executeBatch();

    // The writer holds the write lock, so ids from max(id) + 1 are ours; jobs get them in the
    // plan's topological order, which makes id order a topological order too.
    long next;
    try (ResultSet max = tx.prepare(MAX_JOB_ID).executeQuery()) {
      max.next();
      next = max.getLong(1) + 1;
    }
    Map<String, Long> ids = new HashMap<>();
    PreparedStatement job = tx.prepare(INSERT_JOB);
    for (JobSpec spec : plan.jobs()) {
      long id = next++;
      ids.put(spec.stage(), id);
      int unmet = spec.dependsOn().size();
      bindJob(
          job,
          id,
          runId,
          spec.stage(),
          spec.handler(),
          spec.queue(),
          spec.priority(),
          unmet == 0 ? JobState.PENDING : JobState.BLOCKED,
          tx.now(),
          unmet,
          spec.retries(),
          spec.backoff(),
          spec.timeoutMs(),
          spec.input(),
          spec.metadata(),
          spec.description(),
          null);
      job.addBatch();
      if (unmet == 0) {
        tx.event(id, runId, spec.stage(), JobState.PENDING, 0);
      }
    }
    job.executeBatch();
    PreparedStatement dep = tx.prepare(INSERT_DEP);
    for (JobSpec spec : plan.jobs()) {
      for (String parent : spec.dependsOn()) {
        dep.setLong(1, ids.get(spec.stage()));
        dep.setLong(2, ids.get(parent));
        dep.addBatch();
      }
    }
    dep.executeBatch();
    return runId;
  }

  /** Inserts one job; a dependency that is dead or cancelled cancels it at once. */
  static long enqueue(WriteTx tx, EnqueueRequest request) throws SQLException {
    if (request.runId() != null) {
      PreparedStatement run = tx.prepare(RUN_EXISTS);
      run.setLong(1, request.runId());
      try (ResultSet rows = run.executeQuery()) {
        if (!rows.next()) {
          throw new NoSuchElementException("no run " + request.runId());
        }
      }
    }
    int unmet = 0;
    Long cancelledBy = null;
    PreparedStatement parent = tx.prepare(PARENT);
    for (long dependency : request.dependsOn()) {
      parent.setLong(1, dependency);
      try (ResultSet rows = parent.executeQuery()) {
        if (!rows.next()) {
          throw new NoSuchElementException("no job " + dependency + " to depend on");
        }
        JobState state = JobState.fromLabel(rows.getString(1));
        if (state == JobState.DEAD || state == JobState.CANCELLED) {
          cancelledBy = cancelledBy == null ? dependency : cancelledBy;
        } else if (state != JobState.COMPLETE) {
          unmet++;
        }
      }
    }
    JobState state =
        cancelledBy != null ? JobState.CANCELLED : unmet == 0 ? JobState.PENDING : JobState.BLOCKED;
    long id;
    try (ResultSet max = tx.prepare(MAX_JOB_ID).executeQuery()) {
      max.next();
      id = max.getLong(1) + 1;
    }
    PreparedStatement addQueue = tx.prepare(ADD_QUEUE);
    addQueue.setString(1, request.queue());
    addQueue.executeUpdate();
    PreparedStatement job = tx.prepare(INSERT_JOB);
    bindJob(
        job,
        id,
        request.runId(),
        request.stage(),
        request.handler(),
        request.queue(),
        request.priority(),
        state,
        tx.now(),
        unmet,
        request.retries(),
        request.backoff(),
        request.timeout() == null ? null : request.timeout().toMillis(),
        request.input(),
        request.metadata(),
        null,
        cancelledBy);
    job.executeUpdate();
    PreparedStatement dep = tx.prepare(INSERT_DEP);
    for (long dependency : request.dependsOn()) {
      dep.setLong(1, id);
      dep.setLong(2, dependency);
      dep.executeUpdate();
    }
    if (request.runId() != null) {
      PreparedStatement add = tx.prepare(ADD_TO_RUN);
      add.setInt(1, state.isFinal() ? 0 : 1);
      add.setInt(2, state.isFinal() ? 1 : 0);
      add.setLong(3, request.runId());
      add.executeUpdate();
      tx.run(request.runId()); // recompute the run's status
    }
    tx.event(id, request.runId(), request.stage(), state, 0);
    return id;
  }

  private static void bindJob(
      PreparedStatement job,
      long id,
      Long runId,
      String stage,
      String handler,
      String queue,
      int priority,
      JobState state,
      long now,
      int unmet,
      int retries,
      Backoff backoff,
      Long timeoutMs,
      JsonNode input,
      JsonNode metadata,
      String description,
      Long cancelledBy)
      throws SQLException {
    job.setLong(1, id);
    JobTransitions.setNullableLong(job, 2, runId);
    job.setString(3, stage);
    job.setString(4, handler);
    job.setString(5, queue);
    job.setInt(6, priority);
    job.setString(7, state.label());
    job.setLong(8, now);
    job.setInt(9, unmet);
    job.setInt(10, retries);
    job.setString(11, backoff.kind().name().toLowerCase(Locale.ROOT));
    job.setLong(12, backoff.baseMs());
    job.setLong(13, backoff.maxMs());
    JobTransitions.setNullableLong(job, 14, timeoutMs);
    job.setString(15, input == null || input.isNull() ? "{}" : input.toString());
    job.setString(16, metadata == null || metadata.isNull() ? "{}" : metadata.toString());
    job.setString(17, description);
    job.setLong(18, now);
    JobTransitions.setNullableLong(job, 19, cancelledBy);
    JobTransitions.setNullableLong(job, 20, state.isFinal() ? now : null);
  }

  private static String paramsJson(Plan plan) {
    StringBuilder json = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, JsonNode> param : plan.params().entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      json.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(param.getKey()))
          .append(':')
          .append(param.getValue());
    }
    return json.append('}').toString();
  }
}
