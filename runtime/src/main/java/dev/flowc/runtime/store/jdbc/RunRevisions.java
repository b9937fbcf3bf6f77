package dev.flowc.runtime.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.JobState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;

/**
 * A run's pipeline compiled again (with other params, say) applied to its jobs that have not
 * completed: the run's shape, its stages and their dependencies, must be the same.
 */
final class RunRevisions {
  private static final String RUN =
      "SELECT pipeline FROM runs WHERE id = ? AND status <> 'submitting'";

  private static final String JOBS =
      "SELECT id, stage, state, items FROM jobs WHERE run_id = ? AND group_id IS NULL ORDER BY id";

  private static final String DEPENDENCIES =
      "SELECT child.stage, parent.stage FROM job_deps d"
          + " JOIN jobs child ON child.id = d.job_id"
          + " JOIN jobs parent ON parent.id = d.depends_on"
          + " WHERE child.run_id = ?";

  private static final String SET_PARAMS = "UPDATE runs SET params = ? WHERE id = ?";

  private static final String UPSERT_QUEUE =
      "INSERT INTO queues (name, concurrency) VALUES (?, ?)"
          + " ON CONFLICT (name) DO UPDATE SET concurrency = excluded.concurrency";

  // Guarded by the state read in the same transaction: a completed job keeps what it ran with.
  private static final String REVISE_JOB =
      "UPDATE jobs SET handler = ?, queue = ?, priority = ?, max_retries = ?, backoff_kind = ?,"
          + " backoff_base_ms = ?, backoff_max_ms = ?, timeout_ms = ?, input = ?, metadata = ?,"
          + " description = ? WHERE id = ? AND state NOT IN ('complete', 'running')";

  private RunRevisions() {}

  /** A job of the run as stored. */
  private record StoredJob(long id, String stage, JobState state, boolean fannedOut) {}

  /**
   * Gives the run's jobs that have not completed their stage's settings in {@code plan}, and
   * records the plan's params as the run's.
   *
   * @return how many jobs were changed
   * @throws NoSuchElementException when there is no such run
   * @throws IllegalArgumentException when the plan's pipeline, stages or dependencies are not the
   *     run's
   * @throws IllegalStateException when a job of the run is running
   */
  static int revise(WriteTx tx, long runId, Plan plan) throws SQLException {
    String pipeline = pipeline(tx, runId);
    if (!pipeline.equals(plan.pipeline())) {
      throw new IllegalArgumentException(
          "the pipeline is '%s' now, and the run's is '%s'".formatted(plan.pipeline(), pipeline));
    }
    List<StoredJob> jobs = jobs(tx, runId);
    checkShape(jobs, dependencies(tx, runId), plan);
    for (StoredJob job : jobs) {
      if (job.state() == JobState.RUNNING && !job.fannedOut()) {
        throw new IllegalStateException(
            "job %d (%s) is running: it would go on with the old values"
                .formatted(job.id(), job.stage()));
      }
    }
    PreparedStatement params = tx.prepare(SET_PARAMS);
    params.setString(1, paramsJson(plan));
    params.setLong(2, runId);
    params.executeUpdate();
    PreparedStatement queue = tx.prepare(UPSERT_QUEUE);
    for (QueueSpec spec : plan.queues()) {
      queue.setString(1, spec.name());
      JobTransitions.setNullableLong(
          queue, 2, spec.concurrency() == null ? null : spec.concurrency().longValue());
      queue.executeUpdate();
    }
    int revised = 0;
    PreparedStatement update = tx.prepare(REVISE_JOB);
    for (StoredJob job : jobs) {
      if (job.state() == JobState.COMPLETE) {
        continue;
      }
      JobSpec spec = plan.job(job.stage());
      update.setString(1, spec.handler());
      update.setString(2, spec.queue());
      update.setInt(3, spec.priority());
      update.setInt(4, spec.retries());
      update.setString(5, spec.backoff().kind().name().toLowerCase(Locale.ROOT));
      update.setLong(6, spec.backoff().baseMs());
      update.setLong(7, spec.backoff().maxMs());
      JobTransitions.setNullableLong(update, 8, spec.timeoutMs());
      update.setString(9, jsonOrEmpty(spec.input()));
      update.setString(10, jsonOrEmpty(spec.metadata()));
      update.setString(11, spec.description());
      update.setLong(12, job.id());
      revised += update.executeUpdate();
    }
    return revised;
  }

  private static String pipeline(WriteTx tx, long runId) throws SQLException {
    PreparedStatement select = tx.prepare(RUN);
    select.setLong(1, runId);
    try (ResultSet rows = select.executeQuery()) {
      if (!rows.next()) {
        throw new NoSuchElementException("no run " + runId);
      }
      return rows.getString(1);
    }
  }

  private static List<StoredJob> jobs(WriteTx tx, long runId) throws SQLException {
    List<StoredJob> jobs = new ArrayList<>();
    PreparedStatement select = tx.prepare(JOBS);
    select.setLong(1, runId);
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        long id = rows.getLong(1);
        String stage = rows.getString(2);
        JobState state = JobState.fromLabel(rows.getString(3));
        rows.getInt(4);
        jobs.add(new StoredJob(id, stage, state, !rows.wasNull()));
      }
    }
    return jobs;
  }

  /** Each stage of the run with the stages it depends on. */
  private static Map<String, Set<String>> dependencies(WriteTx tx, long runId) throws SQLException {
    Map<String, Set<String>> parents = new HashMap<>();
    PreparedStatement select = tx.prepare(DEPENDENCIES);
    select.setLong(1, runId);
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        parents.computeIfAbsent(rows.getString(1), stage -> new TreeSet<>()).add(rows.getString(2));
      }
    }
    return parents;
  }

  /** Refuses a plan whose stages or dependencies are not those of the run, naming the first. */
  private static void checkShape(
      List<StoredJob> jobs, Map<String, Set<String>> dependencies, Plan plan) {
    Map<String, StoredJob> stored = new LinkedHashMap<>();
    for (StoredJob job : jobs) {
      if (stored.put(job.stage(), job) != null) {
        throw new IllegalArgumentException(
            "the run has several jobs of stage '%s'".formatted(job.stage()));
      }
    }
    for (JobSpec spec : plan.jobs()) {
      if (!stored.containsKey(spec.stage())) {
        throw new IllegalArgumentException(
            "stage '%s' is new since the run".formatted(spec.stage()));
      }
      Set<String> now = new TreeSet<>(spec.dependsOn());
      Set<String> then = dependencies.getOrDefault(spec.stage(), Set.of());
      if (!now.equals(then)) {
        throw new IllegalArgumentException(
            "stage '%s' depends on %s now, and in the run on %s"
                .formatted(spec.stage(), names(now), names(then)));
      }
    }
    for (String stage : stored.keySet()) {
      if (plan.job(stage) == null) {
        throw new IllegalArgumentException("stage '%s' is gone since the run".formatted(stage));
      }
    }
  }

  private static String names(Set<String> stages) {
    return stages.isEmpty() ? "nothing" : "'" + String.join("', '", stages) + "'";
  }

  private static String paramsJson(Plan plan) {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    plan.params().forEach(params::set);
    return params.toString();
  }

  private static String jsonOrEmpty(JsonNode node) {
    if (node == null || node.isNull() || (node.isObject() && node.isEmpty())) {
      return "{}";
    }
    return node.toString();
  }
}
