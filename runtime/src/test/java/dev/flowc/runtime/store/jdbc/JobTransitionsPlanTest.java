package dev.flowc.runtime.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.NewRun;
import dev.flowc.runtime.store.StoreOptions;
import dev.flowc.runtime.store.postgres.PostgresJobStore;
import dev.flowc.runtime.store.postgres.PostgresTestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plans PostgreSQL gives the lease-guarded statements when the table's statistics are stale, as
 * a queue's always are: analyzed while no job ran (autovacuum's ANALYZE during a submit), then
 * thousands of jobs claimed. Each statement must still find its jobs by primary key; reading them
 * through the running jobs' partial index made every completion read every running job, and a run
 * of 20,000 no-op jobs stall for about a minute.
 */
class JobTransitionsPlanTest {
  private static final int JOBS = 3_000;
  private static final int BATCH = 256;

  private PostgresTestSchema schema;
  private PostgresJobStore store;

  @BeforeEach
  void createSchema() {
    schema = PostgresTestSchema.create();
    store = PostgresJobStore.open(schema.url(), StoreOptions.defaults(), null);
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void completions_and_heartbeats_read_their_jobs_by_primary_key_after_an_analyze_saw_none_running()
      throws Exception {
    submitAndAnalyze(); // every job pending: none running, for the planner
    Instant now = store.clock().instant();
    List<ClaimedJob> claimed =
        store.claim(
            new ClaimRequest(
                "w", Set.of(), Set.of(), null, JOBS, now, now.plus(Duration.ofMinutes(1))));
    assertThat(claimed).hasSize(JOBS);

    String heartbeat;
    String completions;
    try (Connection connection = schema.connect()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        // The plan a prepared statement keeps for every parameter once it stops planning each call.
        statement.execute("SET plan_cache_mode = force_generic_plan");
        statement.execute("PREPARE heartbeat AS " + numbered(JobTransitions.HEARTBEAT));
        statement.execute("PREPARE completions AS " + numbered(JobTransitions.COMPLETE_MANY));
      }
      ClaimedJob one = claimed.get(JOBS / 2);
      heartbeat =
          explain(
              connection,
              "EXPLAIN ANALYZE EXECUTE heartbeat (%d, %d, '%s', %d)"
                  .formatted(
                      now.toEpochMilli(), one.id(), one.lease().owner(), one.lease().claim()));
      StringBuilder ids = new StringBuilder();
      StringBuilder owners = new StringBuilder();
      StringBuilder claims = new StringBuilder();
      StringBuilder results = new StringBuilder();
      StringBuilder starts = new StringBuilder();
      for (ClaimedJob job : claimed.subList(JOBS - BATCH, JOBS)) {
        String comma = ids.length() == 0 ? "" : ",";
        ids.append(comma).append(job.id());
        owners.append(comma).append(job.lease().owner());
        claims.append(comma).append(job.lease().claim());
        results.append(comma).append("null");
        starts.append(comma).append("NULL");
      }
      completions =
          explain(
              connection,
              "EXPLAIN ANALYZE EXECUTE completions (%d, '{%s}', '{%s}', '{%s}', '{%s}', '{%s}')"
                  .formatted(now.toEpochMilli(), ids, owners, claims, results, starts));
      connection.rollback();
    }
    assertThat(heartbeat).contains("jobs_pkey").doesNotContain("jobs_leased");
    assertThat(completions)
        .contains("Index Cond: (id = c.id)")
        .doesNotContain("jobs_leased")
        .doesNotContain("Rows Removed by Join Filter");
    assertThat(completions).contains("rows=" + BATCH + " loops=1)"); // all applied
  }

  @Test
  void probes_for_ready_and_running_jobs_walk_their_indexes_after_an_analyze_saw_them_all_ready()
      throws Exception {
    submitAndAnalyze(); // every job pending, for the planner
    Instant now = store.clock().instant();
    ClaimRequest all =
        new ClaimRequest("w", Set.of(), Set.of(), null, JOBS, now, now.plus(Duration.ofMinutes(1)));
    List<ClaimedJob> claimed = store.claim(all);
    assertThat(claimed).hasSize(JOBS);
    for (ClaimedJob job : claimed) {
      assertThat(store.complete(job.lease(), null).get()).isTrue();
    }
    // Nothing ready or running now; the statistics say every job is ready.
    ClaimRequest above =
        new ClaimRequest("w", Set.of(), Set.of(), null, 1, now, now.plus(Duration.ofMinutes(1)), 0);
    String ready;
    String higher;
    String active;
    String running;
    try (Connection connection = schema.connect()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET plan_cache_mode = force_generic_plan");
        statement.execute("PREPARE ready AS " + numbered(JobQueries.hasReadySql(all)));
        statement.execute("PREPARE higher AS " + numbered(JobQueries.hasReadySql(above)));
        statement.execute("PREPARE active AS " + numbered(JobQueries.readyProbe(Set.of(), null)));
        statement.execute(
            "PREPARE running AS " + numbered(JobQueries.runningProbe(Set.of(), null)));
      }
      long at = now.toEpochMilli();
      ready = explain(connection, "EXPLAIN ANALYZE EXECUTE ready (%d)".formatted(at));
      higher = explain(connection, "EXPLAIN ANALYZE EXECUTE higher (%d, 0)".formatted(at));
      active = explain(connection, "EXPLAIN ANALYZE EXECUTE active");
      running = explain(connection, "EXPLAIN ANALYZE EXECUTE running");
      connection.rollback();
    }
    assertThat(ready).contains("jobs_ready").doesNotContain("Seq Scan");
    assertThat(higher).contains("jobs_ready").doesNotContain("Seq Scan");
    assertThat(active).contains("jobs_ready").doesNotContain("Seq Scan");
    assertThat(running).contains("jobs_leased").doesNotContain("Seq Scan");
  }

  /** Submits {@link #JOBS} jobs, all pending, and analyzes the table while they are. */
  private void submitAndAnalyze() throws Exception {
    List<JobSpec> jobs = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      jobs.add(JobSpec.builder("j" + i, "builtin.noop").build());
    }
    store.createRun(
        new NewRun(
            new Plan(
                "plans",
                null,
                null,
                Map.of(),
                List.of(new QueueSpec(QueueSpec.DEFAULT, null)),
                jobs),
            null));
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("ANALYZE jobs");
    }
  }

  /** {@code sql} with its {@code ?} parameters numbered {@code $1, $2...}, for PREPARE. */
  private static String numbered(String sql) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (char c : sql.toCharArray()) {
      if (c == '?') {
        out.append('$').append(++n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String explain(Connection connection, String sql) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        plan.append(rows.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }
}
