package dev.flowc.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.JobState;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.StoreOptions;
import dev.flowc.runtime.store.Stores;
import dev.flowc.runtime.store.postgres.PostgresTestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process submitting a large plan is killed with SIGKILL between two of the submit's
 * transactions: its rows are in the database, nothing shows them, and once the submit's lease has
 * run out the reclaim timer of another process removes them. On both stores.
 */
@Tag("slow")
class KilledSubmitTest {
  private static final int JOBS = 20_000;

  @TempDir Path dir;

  @Test
  void a_sqlite_submit_killed_midway_leaves_nothing_visible_and_its_rows_are_removed()
      throws Exception {
    Path db = dir.resolve("killed.db");
    killMidSubmit(db.toString());
    check(db.toString(), () -> DriverManager.getConnection("jdbc:sqlite:" + db));
  }

  @Test
  void a_postgres_submit_killed_midway_leaves_nothing_visible_and_its_rows_are_removed()
      throws Exception {
    try (PostgresTestSchema schema = PostgresTestSchema.create()) {
      killMidSubmit(schema.url());
      check(schema.url(), schema::connect);
    }
  }

  private void killMidSubmit(String store) throws Exception {
    try (ChildJvm submitter =
        ChildJvm.start(dir, "submitter", SubmitProcess.class, store, "" + JOBS)) {
      int stored = Integer.parseInt(submitter.awaitLine("stored ", Duration.ofSeconds(60)));
      assertThat(stored).isPositive().isLessThan(JOBS);
      submitter.kill();
    }
  }

  private interface Connect {
    Connection open() throws Exception;
  }

  private void check(String location, Connect connect) throws Exception {
    try (JobStore store = Stores.open(location, StoreOptions.defaults(), null)) {
      assertThat(count(connect, "jobs")).as("rows the killed submit wrote").isPositive();
      assertThat(store.runs(10)).isEmpty();
      assertThat(store.stats().states().get(JobState.BLOCKED)).isZero();
      assertThat(store.hasActiveJobs(java.util.Set.of(), null)).isFalse();

      // Within the lease the rows stay (the submitter might be alive); after it, they go.
      store.reclaimExpired(store.clock().instant(), 3);
      assertThat(count(connect, "jobs")).isPositive();
      store.reclaimExpired(store.clock().instant().plus(Duration.ofSeconds(61)), 3);
      assertThat(count(connect, "jobs")).isZero();
      assertThat(count(connect, "job_deps")).isZero();
      assertThat(count(connect, "runs")).isZero();
    }
  }

  private static long count(Connect connect, String table) throws Exception {
    try (Connection connection = connect.open();
        ResultSet rows =
            connection.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
