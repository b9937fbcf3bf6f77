package dev.flowc.runtime.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.NewRun;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema version 10: {@code jobs_run} holds the jobs of runs only, and every lookup of a run's jobs
 * still goes through it.
 */
class JobsRunIndexTest {
  // The shapes of the store's lookups of a run's jobs (RunRemoval, RunPurge, JobQueries, Groups,
  // JobTransitions): each names one run with run_id = ?.
  private static final List<String> RUN_LOOKUPS =
      List.of(
          "SELECT count(*) FROM jobs WHERE run_id = ?",
          "SELECT id FROM jobs WHERE run_id = ? ORDER BY id LIMIT 1 OFFSET ?",
          "SELECT 1 FROM jobs WHERE run_id = ? LIMIT 1",
          "DELETE FROM jobs WHERE run_id = ? AND id <= ?",
          "DELETE FROM jobs WHERE run_id = ? AND state IN ('complete', 'dead', 'cancelled')",
          "UPDATE jobs SET cancel_requested = 1 WHERE run_id = ? AND state = 'running'",
          "SELECT id, stage, state, items FROM jobs WHERE run_id = ? AND group_id IS NULL"
              + " ORDER BY id");

  @TempDir Path dir;

  @Test
  void every_lookup_of_a_runs_jobs_uses_the_index_of_the_jobs_of_runs() throws Exception {
    Path file = dir.resolve("plan.db");
    SqliteJobStore.open(file, SyncMode.NORMAL, Clock.systemUTC()).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      assertThat(indexSql(connection)).endsWith("WHERE run_id IS NOT NULL");
      for (String sql : RUN_LOOKUPS) {
        assertThat(plan(connection, sql)).as(sql).contains("jobs_run");
      }
    }
  }

  @Test
  void a_store_of_version_9_gets_the_partial_index_and_finds_its_runs_jobs_as_before()
      throws Exception {
    Path file = dir.resolve("v9.db");
    long runId;
    try (JobStore store = SqliteJobStore.open(file, SyncMode.NORMAL, Clock.systemUTC())) {
      runId = store.createRun(new NewRun(plan(), null)).id();
      store.enqueueAll(List.of(request(), request()));
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      // As version 9 left it: every job in the index.
      statement.execute("DROP INDEX jobs_run");
      statement.execute("CREATE INDEX jobs_run ON jobs (run_id)");
      statement.execute("PRAGMA user_version = 9");
    }

    try (JobStore store = SqliteJobStore.open(file, SyncMode.NORMAL, Clock.systemUTC())) {
      assertThat(store.runJobs(runId)).hasSize(3);
      assertThat(store.stats().queues().get("default").get(JobState.PENDING)).isEqualTo(5);
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet version = statement.executeQuery("PRAGMA user_version")) {
      version.next();
      assertThat(version.getInt(1)).isEqualTo(Migrations.latest());
      assertThat(indexSql(connection)).endsWith("WHERE run_id IS NOT NULL");
      try (ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
        check.next();
        assertThat(check.getString(1)).isEqualTo("ok");
      }
    }
  }

  private static Plan plan() {
    List<JobSpec> jobs = new ArrayList<>();
    for (String stage : List.of("a", "b", "c")) {
      jobs.add(JobSpec.builder(stage, "builtin.noop").build());
    }
    return new Plan("p", null, null, Map.of(), List.of(QueueSpec.defaultQueue()), jobs);
  }

  private static EnqueueRequest request() {
    return EnqueueRequest.builder("builtin.noop")
        .input(JsonNodeFactory.instance.objectNode().put("n", 1))
        .build();
  }

  private static String indexSql(Connection connection) throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'jobs_run'")) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static String plan(Connection connection, String sql) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql);
        ResultSet rows = explain.executeQuery()) {
      while (rows.next()) {
        plan.append(rows.getString(4)).append('\n');
      }
    }
    return plan.toString();
  }
}
