package dev.flowc.runtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.store.NewRun;
import dev.flowc.runtime.store.StoreOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * After a large insert the planner knows the jobs table's size at once, not at autovacuum's next
 * round a minute later: a claim then reads the ready index in order, not every ready job.
 */
class PostgresStatisticsTest {
  private static final String CLAIM =
      "EXPLAIN SELECT id FROM jobs WHERE state IN ('pending', 'retrying') AND run_at <= 0"
          + " AND queue IN ('default') ORDER BY priority DESC, run_at, id LIMIT 32";

  private PostgresTestSchema schema;
  private PostgresJobStore store;

  @BeforeEach
  void open() throws Exception {
    schema = PostgresTestSchema.create();
    store = PostgresJobStore.open(schema.url(), StoreOptions.defaults(), null);
    // Only the store may analyze the table in this test.
    execute("ALTER TABLE jobs SET (autovacuum_enabled = false)");
  }

  @AfterEach
  void close() {
    store.close();
    schema.close();
  }

  private void execute(String sql) throws Exception {
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private List<String> lines(String sql) throws Exception {
    List<String> lines = new ArrayList<>();
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        lines.add(rows.getString(1));
      }
    }
    return lines;
  }

  private double rowsKnown() throws Exception {
    return Double.parseDouble(
        lines("SELECT reltuples FROM pg_class WHERE oid = 'jobs'::regclass").get(0));
  }

  private static Plan plan(int jobs) {
    List<JobSpec> specs = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      specs.add(JobSpec.builder("j" + i, "builtin.noop").build());
    }
    return new Plan("p", null, null, Map.of(), List.of(new QueueSpec("default", null)), specs);
  }

  @Test
  void a_large_submit_is_analyzed_at_once_and_claims_then_read_the_ready_index_in_order()
      throws Exception {
    store.createRun(new NewRun(plan(20), null));
    assertThat(store.statistics().analyses()).as("20 jobs: left to autovacuum").isZero();

    store.createRun(new NewRun(plan(20_000), null));

    // Analyzed as the submit's chunks came: the planner's idea of the size is off by two at most.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (rowsKnown() < 20_020 / 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(rowsKnown()).isGreaterThanOrEqualTo(20_020 / 2);
    assertThat(store.statistics().analyses()).isPositive();
    assertThat(String.join("\n", lines(CLAIM)))
        .contains("Index Scan using jobs_ready")
        .doesNotContain("Sort");
  }

  @Test
  void jobs_enqueued_in_batches_are_analyzed_from_a_small_sample_that_still_gives_claims_the_index()
      throws Exception {
    for (int call = 0; call < 12; call++) {
      List<dev.flowc.runtime.EnqueueRequest> requests = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        requests.add(dev.flowc.runtime.EnqueueRequest.builder("builtin.noop").build());
      }
      store.enqueueAll(requests);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (store.statistics().analyses() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(store.statistics().analyses()).isPositive();
    assertThat(rowsKnown()).isGreaterThanOrEqualTo(10_000);
    // 300 x 10 rows sampled, not the server's default of 300 x 100: a histogram of at most 10
    // buckets (11 bounds) instead of 100.
    assertThat(
            Integer.parseInt(
                lines(
                        "SELECT array_length(histogram_bounds::text::bigint[], 1) FROM pg_stats"
                            + " WHERE schemaname = current_schema() AND tablename = 'jobs'"
                            + " AND attname = 'id'")
                    .get(0)))
        .isBetween(2, JobStatistics.STATISTICS_TARGET + 1);
    assertThat(String.join("\n", lines(CLAIM)))
        .contains("Index Scan using jobs_ready")
        .doesNotContain("Sort");
  }
}
