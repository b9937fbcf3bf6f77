package dev.flowc.runtime.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.runtime.DeadLetter;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.JobView;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.Stats;
import dev.flowc.runtime.store.ClaimRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Reads, on a reader connection. */
final class JobQueries {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SUMMARY_COLUMNS =
      "id, run_id, stage, handler, queue, priority, state, attempts, max_retries, reclaims,"
          + " progress, created_at, started_at, finished_at, run_at, last_error, cancelled_by,"
          + " group_id, item_index, items, skip_reason";

  // A store older than language version 2 read as it is: no such columns.
  private static final String SUMMARY_COLUMNS_V1 =
      SUMMARY_COLUMNS.replace(
          "group_id, item_index, items, skip_reason",
          "NULL AS group_id, NULL AS item_index, NULL AS items, NULL AS skip_reason");

  private static final String JOB =
      "SELECT "
          + SUMMARY_COLUMNS
          + ", description, input, metadata, result, item_element, when_outcome FROM jobs"
          + " WHERE id = ? AND "
          + Submitting.NOT_IN_SUBMITTING_RUN;
  private static final String DEPENDENCIES =
      "SELECT depends_on FROM job_deps WHERE job_id = ? ORDER BY depends_on";
  private static final String DEPENDENTS =
      "SELECT job_id FROM job_deps WHERE depends_on = ? ORDER BY job_id";
  private static final String ERRORS =
      "SELECT attempt, error_class, message, stack_trace, failed_at, worker FROM job_errors"
          + " WHERE job_id = ? ORDER BY id";
  private static final String RUN_JOBS =
      "SELECT "
          + SUMMARY_COLUMNS
          + " FROM jobs WHERE run_id = ?"
          + " AND NOT EXISTS (SELECT 1 FROM runs WHERE id = jobs.run_id AND status = 'submitting')"
          + " ORDER BY id";
  private static final String RUN_STAGES =
      "SELECT "
          + SUMMARY_COLUMNS
          + " FROM jobs WHERE run_id = ? AND group_id IS NULL"
          + " AND NOT EXISTS (SELECT 1 FROM runs WHERE id = jobs.run_id AND status = 'submitting')"
          + " ORDER BY id";
  private static final String ITEMS =
      "SELECT " + SUMMARY_COLUMNS + " FROM jobs WHERE group_id = ? ORDER BY item_index";
  private static final String ITEM_STATES_OF_RUN =
      "SELECT group_id, state, count(*) FROM jobs WHERE run_id = ? AND group_id IS NOT NULL"
          + " GROUP BY group_id, state";
  private static final String ITEM_STATES =
      "SELECT state, count(*) FROM jobs WHERE group_id = ? GROUP BY state";
  // A job whose dependencies are its own, or its stage's for an item: one statement, not a read of
  // the group first, as it is read between the end of a parent and the start of its child.
  private static final String OWNER_OF =
      "coalesce((SELECT g.group_id FROM jobs g WHERE g.id = ?), ?)";
  private static final String RUN_COLUMNS =
      "id, pipeline, status, params, source_path, base_dir, jobs, unfinished, created_at,"
          + " finished_at, run_key, scheduled_at";
  // The columns of a store older than schema version 6, read as it is: no key, no tick.
  private static final String OLD_RUN_COLUMNS = "run_key, scheduled_at";
  private static final String NO_KEY_COLUMNS = "NULL AS run_key, NULL AS scheduled_at";
  // "runs" names where runs are read: the table itself, or a view that adds the counter changes
  // not folded into it yet (Dialect.runsView).
  // A run being submitted in chunks is not there yet (see ChunkedSubmit).
  private static final String RUN =
      "SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ? AND status <> 'submitting'";
  private static final String RUNS =
      "SELECT " + RUN_COLUMNS + " FROM runs WHERE status <> 'submitting' ORDER BY id DESC LIMIT ?";
  private static final String STATS =
      "SELECT queue, state, count(*) FROM jobs WHERE run_id IS NULL"
          + " OR run_id NOT IN (SELECT id FROM runs WHERE status = 'submitting')"
          + " GROUP BY queue, state";
  private static final String DEAD_LETTERS =
      "SELECT l.id, l.job_id, l.run_id, j.stage, j.handler, j.queue, l.error, l.attempts,"
          + " l.failed_at FROM dead_letters l JOIN jobs j ON j.id = l.job_id"
          + " WHERE l.replayed_at IS NULL AND NOT EXISTS (SELECT 1 FROM runs s"
          + " WHERE s.id = j.run_id AND s.status = 'submitting') ORDER BY l.id DESC LIMIT ?";
  private static final String QUEUES =
      "SELECT name, concurrency FROM queues WHERE concurrency IS NOT NULL";
  // %s: the dialect's condition for the parents (Dialect.dependenciesOf).
  private static final String DEPENDENCY_RESULTS = "SELECT stage, result, state FROM jobs WHERE %s";
  private static final String BASE_DIR = "SELECT base_dir FROM runs WHERE id = ?";

  private JobQueries() {}

  static Optional<JobView> job(Connection connection, long jobId, boolean version2)
      throws SQLException {
    JobSummary summary;
    String description;
    JsonNode input;
    JsonNode metadata;
    JsonNode result;
    JsonNode element;
    String whenOutcome;
    String sql =
        version2
            ? JOB
            : JOB.replace(SUMMARY_COLUMNS, SUMMARY_COLUMNS_V1)
                .replace("item_element, when_outcome", "NULL, NULL");
    try (PreparedStatement job = connection.prepareStatement(sql)) {
      job.setLong(1, jobId);
      try (ResultSet rows = job.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        summary = summary(rows);
        description = rows.getString(22);
        input = parse(rows.getString(23));
        metadata = parse(rows.getString(24));
        result = parse(rows.getString(25));
        element = parse(rows.getString(26));
        whenOutcome = rows.getString(27);
      }
    }
    Map<JobState, Long> itemStates = Map.of();
    if (summary.isFannedOut()) {
      itemStates = zeroes();
      try (PreparedStatement select = connection.prepareStatement(ITEM_STATES)) {
        select.setLong(1, jobId);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            itemStates.put(JobState.fromLabel(rows.getString(1)), rows.getLong(2));
          }
        }
      }
    }
    List<Long> dependencies = ids(connection, DEPENDENCIES, jobId);
    List<Long> dependents = ids(connection, DEPENDENTS, jobId);
    List<JobError> errors = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(ERRORS)) {
      select.setLong(1, jobId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          errors.add(
              new JobError(
                  rows.getInt(1),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getString(4),
                  Instant.ofEpochMilli(rows.getLong(5)),
                  rows.getString(6)));
        }
      }
    }
    return Optional.of(
        new JobView(
            summary,
            description,
            input,
            metadata,
            result,
            dependencies,
            dependents,
            errors,
            element,
            whenOutcome,
            itemStates));
  }

  static List<JobSummary> runJobs(Connection connection, long runId, boolean version2)
      throws SQLException {
    return summaries(
        connection,
        version2 ? RUN_JOBS : RUN_JOBS.replace(SUMMARY_COLUMNS, SUMMARY_COLUMNS_V1),
        runId);
  }

  /** A run's jobs without the items of its fanned-out stages, in id order. */
  static List<JobSummary> runStages(Connection connection, long runId, boolean version2)
      throws SQLException {
    if (!version2) {
      return runJobs(connection, runId, false);
    }
    return summaries(connection, RUN_STAGES, runId);
  }

  /** The items of a fanned-out stage's job, in item order. */
  static List<JobSummary> items(Connection connection, long groupId) throws SQLException {
    return summaries(connection, ITEMS, groupId);
  }

  /** Per fanned-out stage's job of a run, how many of its items are in each state. */
  static Map<Long, Map<JobState, Long>> itemStates(Connection connection, long runId)
      throws SQLException {
    Map<Long, Map<JobState, Long>> counts = new TreeMap<>();
    try (PreparedStatement select = connection.prepareStatement(ITEM_STATES_OF_RUN)) {
      select.setLong(1, runId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          counts
              .computeIfAbsent(rows.getLong(1), group -> zeroes())
              .put(JobState.fromLabel(rows.getString(2)), rows.getLong(3));
        }
      }
    }
    Map<Long, Map<JobState, Long>> frozen = new LinkedHashMap<>();
    counts.forEach((group, states) -> frozen.put(group, Collections.unmodifiableMap(states)));
    return Collections.unmodifiableMap(frozen);
  }

  private static List<JobSummary> summaries(Connection connection, String sql, long id)
      throws SQLException {
    List<JobSummary> jobs = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, id);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          jobs.add(summary(rows));
        }
      }
    }
    return jobs;
  }

  static Optional<RunView> run(Connection connection, long runId, String runsView, boolean keys)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(withKeys(inView(RUN, runsView), keys))) {
      select.setLong(1, runId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(run(rows)) : Optional.empty();
      }
    }
  }

  static List<RunView> runs(Connection connection, int limit, String runsView, boolean keys)
      throws SQLException {
    List<RunView> runs = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(withKeys(inView(RUNS, runsView), keys))) {
      select.setInt(1, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          runs.add(run(rows));
        }
      }
    }
    return runs;
  }

  private static String withKeys(String sql, boolean keys) {
    return keys ? sql : sql.replace(OLD_RUN_COLUMNS, NO_KEY_COLUMNS);
  }

  private static String inView(String sql, String runsView) {
    return runsView.equals("runs") ? sql : sql.replace(" FROM runs ", " FROM " + runsView + " ");
  }

  static Stats stats(Connection connection) throws SQLException {
    Map<JobState, Long> states = zeroes();
    Map<String, Map<JobState, Long>> queues = new TreeMap<>();
    try (PreparedStatement select = connection.prepareStatement(STATS);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        JobState state = JobState.fromLabel(rows.getString(2));
        long count = rows.getLong(3);
        states.merge(state, count, Long::sum);
        queues.computeIfAbsent(rows.getString(1), q -> zeroes()).merge(state, count, Long::sum);
      }
    }
    Map<String, Map<JobState, Long>> frozen = new LinkedHashMap<>();
    queues.forEach((queue, counts) -> frozen.put(queue, Collections.unmodifiableMap(counts)));
    return new Stats(states, frozen);
  }

  static List<DeadLetter> deadLetters(Connection connection, int limit) throws SQLException {
    List<DeadLetter> letters = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(DEAD_LETTERS)) {
      select.setInt(1, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          letters.add(
              new DeadLetter(
                  rows.getLong(1),
                  rows.getLong(2),
                  JobTransitions.nullableLong(rows, 3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getString(6),
                  rows.getString(7),
                  rows.getInt(8),
                  Instant.ofEpochMilli(rows.getLong(9))));
        }
      }
    }
    return letters;
  }

  static Map<String, Integer> queueConcurrency(Connection connection) throws SQLException {
    Map<String, Integer> limits = new TreeMap<>();
    try (PreparedStatement select = connection.prepareStatement(QUEUES);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        limits.put(rows.getString(1), rows.getInt(2));
      }
    }
    return limits;
  }

  static Map<String, JsonNode> dependencyResults(Connection connection, Dialect dialect, long jobId)
      throws SQLException {
    Map<String, JsonNode> results = new LinkedHashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            DEPENDENCY_RESULTS.formatted(dialect.dependenciesOf(OWNER_OF)))) {
      // An item's dependencies are its stage's.
      select.setLong(1, jobId);
      select.setLong(2, jobId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (!"complete".equals(rows.getString(3))) {
            // Read for its state, it ended otherwise: it has no result to give (JobStore).
            results.put(
                rows.getString(1), com.fasterxml.jackson.databind.node.MissingNode.getInstance());
            continue;
          }
          JsonNode result = parse(rows.getString(2));
          results.put(rows.getString(1), result == null ? JSON.nullNode() : result);
        }
      }
    }
    return results;
  }

  /**
   * The results a claim read with a job ({@link Dialect#claimedResults}): a JSON array of {@code
   * [stage, state, result]}, given as {@link #dependencyResults} gives them.
   */
  static Map<String, JsonNode> claimedResults(String claimed) {
    Map<String, JsonNode> results = new LinkedHashMap<>();
    for (JsonNode row : parse(claimed)) {
      if (!"complete".equals(row.get(1).asText())) {
        results.put(
            row.get(0).asText(), com.fasterxml.jackson.databind.node.MissingNode.getInstance());
      } else {
        results.put(row.get(0).asText(), row.get(2));
      }
    }
    return results;
  }

  static String baseDirectory(Connection connection, long runId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(BASE_DIR)) {
      select.setLong(1, runId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  static boolean hasActiveJobs(Connection connection, Set<String> queues, Long runId)
      throws SQLException {
    return exists(connection, readyProbe(queues, runId), queues, runId)
        || exists(connection, runningProbe(queues, runId), queues, runId);
  }

  /**
   * Whether a job of {@code queues} (all when empty) and {@code runId} (any when null) is ready.
   */
  static String readyProbe(Set<String> queues, Long runId) {
    return "SELECT 1 FROM jobs WHERE state IN ('pending', 'retrying')"
        + filter(queues, runId)
        + JobTransitions.READY_ORDER
        + " LIMIT 1";
  }

  /** As {@link #readyProbe}, for running jobs, in the order of their partial index. */
  static String runningProbe(Set<String> queues, Long runId) {
    return "SELECT 1 FROM jobs WHERE state = 'running'"
        + filter(queues, runId)
        + " ORDER BY lease_until LIMIT 1";
  }

  /** The probe of {@link #hasReady}. */
  static String hasReadySql(ClaimRequest request) {
    StringBuilder sql = new StringBuilder("SELECT 1 FROM jobs");
    JobTransitions.appendReadyFilter(sql, request);
    return sql.append(JobTransitions.READY_ORDER).append(" LIMIT 1").toString();
  }

  static boolean hasReady(Connection connection, ClaimRequest request) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(hasReadySql(request))) {
      JobTransitions.bindReadyFilter(select, 1, request);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  static Optional<Instant> nextRetryAt(Connection connection, Set<String> queues, Long runId)
      throws SQLException {
    String sql =
        "SELECT min(run_at) FROM jobs WHERE state IN ('pending', 'retrying')"
            + filter(queues, runId);
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      bindFilter(select, 1, queues, runId);
      try (ResultSet rows = select.executeQuery()) {
        if (rows.next()) {
          long at = rows.getLong(1);
          if (!rows.wasNull()) {
            return Optional.of(Instant.ofEpochMilli(at));
          }
        }
        return Optional.empty();
      }
    }
  }

  private static boolean exists(Connection connection, String sql, Set<String> queues, Long runId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      bindFilter(select, 1, queues, runId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static String filter(Set<String> queues, Long runId) {
    StringBuilder sql = new StringBuilder();
    if (!queues.isEmpty()) {
      sql.append(" AND queue IN (")
          .append(String.join(", ", Collections.nCopies(queues.size(), "?")))
          .append(')');
    }
    if (runId != null) {
      sql.append(" AND run_id = ?");
    }
    return sql.toString();
  }

  private static void bindFilter(
      PreparedStatement statement, int from, Set<String> queues, Long runId) throws SQLException {
    int i = from;
    for (String queue : queues.stream().sorted().toList()) {
      statement.setString(i++, queue);
    }
    if (runId != null) {
      statement.setLong(i, runId);
    }
  }

  private static Map<JobState, Long> zeroes() {
    Map<JobState, Long> counts = new EnumMap<>(JobState.class);
    for (JobState state : JobState.values()) {
      counts.put(state, 0L);
    }
    return counts;
  }

  private static JobSummary summary(ResultSet rows) throws SQLException {
    return new JobSummary(
        rows.getLong(1),
        JobTransitions.nullableLong(rows, 2),
        rows.getString(3),
        rows.getString(4),
        rows.getString(5),
        rows.getInt(6),
        JobState.fromLabel(rows.getString(7)),
        rows.getInt(8),
        rows.getInt(9),
        rows.getInt(10),
        rows.getInt(11),
        instant(rows, 12),
        instant(rows, 13),
        instant(rows, 14),
        instant(rows, 15),
        rows.getString(16),
        JobTransitions.nullableLong(rows, 17),
        JobTransitions.nullableLong(rows, 18),
        nullableInt(rows, 19),
        nullableInt(rows, 20),
        rows.getString(21));
  }

  private static Integer nullableInt(ResultSet rows, int column) throws SQLException {
    int value = rows.getInt(column);
    return rows.wasNull() ? null : value;
  }

  private static RunView run(ResultSet rows) throws SQLException {
    return new RunView(
        rows.getLong(1),
        rows.getString(2),
        RunStatus.fromLabel(rows.getString(3)),
        parse(rows.getString(4)),
        rows.getString(5),
        rows.getString(6),
        rows.getInt(7),
        rows.getInt(8),
        instant(rows, 9),
        instant(rows, 10),
        rows.getString(11),
        instant(rows, 12));
  }

  private static Instant instant(ResultSet rows, int column) throws SQLException {
    long millis = rows.getLong(column);
    return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private static List<Long> ids(Connection connection, String sql, long id) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, id);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
    }
    return ids;
  }

  static JsonNode parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON does not parse: " + e.getOriginalMessage(), e);
    }
  }
}
