package dev.flowc.runtime.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowc.dag.Backoff;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.dag.Rate;
import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.JobEvent;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.NewRun;
import dev.flowc.runtime.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's claim reads the ready jobs and then marks them running ({@link
 * Dialect#claimReadsFirst}), with exactly the effects of the one {@code UPDATE ... RETURNING} that
 * PostgreSQL runs: checked on two real store files set up alike, one claimed each way.
 */
class ClaimReadsFirstTest {
  private static final Instant NOW = Instant.parse("2026-12-07T16:00:00Z");

  @TempDir Path dir;

  /** What the same claims gave and left behind: the jobs, the events, the jobs' rows after. */
  private record Outcome(List<List<ClaimedJob>> claims, List<JobEvent> events, List<Object> jobs) {}

  @Test
  void reading_first_claims_the_same_jobs_in_the_same_order_with_the_same_effects()
      throws Exception {
    Outcome returning = claimAll(dir.resolve("returning.db"), false);
    Outcome readFirst = claimAll(dir.resolve("read-first.db"), true);

    assertThat(readFirst.claims()).isEqualTo(returning.claims());
    // RETURNING gives its rows, and so the events, in no particular order; reading first, in the
    // claim's order.
    assertThat(readFirst.events()).containsExactlyInAnyOrderElementsOf(returning.events());
    assertThat(readFirst.jobs()).isEqualTo(returning.jobs());
    // The claims saw every kind of job the setup made, and left some ready.
    List<ClaimedJob> all = returning.claims().stream().flatMap(List::stream).toList();
    assertThat(all).extracting(ClaimedJob::priority).contains(-2, 0, 5);
    assertThat(all).extracting(ClaimedJob::queue).contains("default", "one", "rated");
    assertThat(all).extracting(ClaimedJob::runId).containsNull();
    assertThat(all).extracting(ClaimedJob::attempt).contains(1, 2);
    assertThat(all).anySatisfy(job -> assertThat(job.lease().claim()).isEqualTo(2));
    assertThat(all).anySatisfy(job -> assertThat(job.baseDirectory()).isEqualTo("/base/1"));
    assertThat(returning.claims()).last().asList().isEmpty();
  }

  @Test
  void a_claim_that_finds_nothing_ready_changes_nothing() throws Exception {
    Path file = dir.resolve("empty.db");
    try (SqliteJobStore store =
            SqliteJobStore.open(file, SyncMode.NORMAL, Clock.fixed(NOW, ZoneOffset.UTC));
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      WriteTx tx = transaction(connection, store, true);
      assertThat(JobTransitions.claim(tx, request("w", 10), run -> "/base/" + run)).isEmpty();
      assertThat(tx.events()).isEmpty();
      statement.execute("COMMIT");
    }
  }

  /**
   * A run with jobs of three priorities, a queue of concurrency one and a rated queue, jobs
   * enqueued outside it, one job claimed and reclaimed before; then claims of five until none is
   * left, in one transaction each, {@code readFirst} or through {@code RETURNING}.
   */
  private Outcome claimAll(Path file, boolean readFirst) throws Exception {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    List<List<ClaimedJob>> claims = new ArrayList<>();
    List<JobEvent> events = new ArrayList<>();
    List<Object> jobs = new ArrayList<>();
    try (SqliteJobStore store = SqliteJobStore.open(file, SyncMode.NORMAL, clock)) {
      List<JobSpec> specs = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        specs.add(
            JobSpec.builder("j" + i, "builtin.noop")
                .priority(i % 3 == 0 ? 5 : i % 3 == 1 ? 0 : -2)
                .queue(i % 4 == 0 ? "one" : i % 4 == 1 ? "rated" : "default")
                .retries(i % 2)
                .backoff(i % 2 == 0 ? Backoff.fixed(500) : Backoff.exponential(100, 1_000))
                .timeoutMs(i % 5 == 0 ? null : 1_000L * i)
                .input(JsonNodeFactory.instance.objectNode().put("n", i))
                .metadata(JsonNodeFactory.instance.objectNode().put("m", i))
                .build());
      }
      specs.add(JobSpec.builder("child", "builtin.noop").dependsOn("j0").build());
      Plan plan =
          new Plan(
              "claims",
              null,
              null,
              Map.of(),
              List.of(
                  QueueSpec.defaultQueue(),
                  new QueueSpec("one", 1),
                  new QueueSpec("rated", null, new Rate(3, Duration.ofMinutes(1)))),
              specs);
      long runId = store.createRun(new NewRun(plan, "/base/1")).id();
      for (int i = 0; i < 6; i++) {
        store.enqueue(
            EnqueueRequest.builder("builtin.noop")
                .stage("loose")
                .priority(i - 2)
                .input(JsonNodeFactory.instance.numberNode(i))
                .build());
      }
      // Two jobs claimed before: one failed and due again (attempt 2), one whose lease expired
      // after its handler started (claim 2, attempt 1 again).
      for (ClaimedJob before : store.claim(request("gone", 2))) {
        if (before.maxAttempts() > 1) {
          JobError error =
              new JobError(before.attempt(), "java.io.IOException", "io", "trace", NOW, "gone");
          assertThat(store.fail(before.lease(), error, NOW).join()).isTrue();
        } else {
          assertThat(store.started(before.lease(), NOW).join()).isTrue();
        }
      }
      assertThat(store.reclaimExpired(NOW.plusSeconds(120), 10)).isEqualTo(1);
      try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement statement = connection.createStatement()) {
        List<ClaimedJob> claimed;
        int round = 0;
        do {
          statement.execute("BEGIN IMMEDIATE");
          WriteTx tx = transaction(connection, store, readFirst);
          claimed = JobTransitions.claim(tx, request("w" + round++, 5), run -> "/base/" + run);
          tx.finish();
          statement.execute("COMMIT");
          claims.add(claimed);
          events.addAll(tx.events());
        } while (!claimed.isEmpty());
      }
      for (dev.flowc.runtime.JobSummary job : store.runJobs(runId)) {
        jobs.add(store.job(job.id()).orElseThrow());
      }
      jobs.add(store.stats());
    }
    return new Outcome(claims, events, jobs);
  }

  private static ClaimRequest request(String owner, int limit) {
    return new ClaimRequest(owner, Set.of(), Set.of(), null, limit, NOW, NOW.plusSeconds(60));
  }

  /**
   * A transaction on {@code connection} with {@code store}'s dialect, or with one that claims in
   * one go.
   */
  private static WriteTx transaction(
      Connection connection, SqliteJobStore store, boolean readFirst) {
    Dialect sqlite = ((JdbcJobStore) store).dialect();
    assertThat(sqlite.claimReadsFirst()).isTrue();
    Dialect dialect = readFirst ? sqlite : new ReturningDialect(sqlite);
    return new WriteTx(connection, WriteTx.newCache(), true, NOW.toEpochMilli(), dialect);
  }

  /** SQLite's dialect, claiming in one {@code UPDATE ... RETURNING}. */
  private record ReturningDialect(Dialect sqlite) implements Dialect {
    @Override
    public boolean claimReadsFirst() {
      return false;
    }

    @Override
    public String claimLocking() {
      return sqlite.claimLocking();
    }

    @Override
    public void lockQueues(WriteTx tx, List<String> queues) throws SQLException {
      sqlite.lockQueues(tx, queues);
    }

    @Override
    public void lockUniqueKeys(WriteTx tx, Collection<String> keys) throws SQLException {
      sqlite.lockUniqueKeys(tx, keys);
    }

    @Override
    public long[] reserveJobIds(WriteTx tx, int count) throws SQLException {
      return sqlite.reserveJobIds(tx, count);
    }

    @Override
    public String newRunId() {
      return sqlite.newRunId();
    }

    @Override
    public String lazyClaimSource() {
      return sqlite.lazyClaimSource();
    }

    @Override
    public String runsView() {
      return sqlite.runsView();
    }

    @Override
    public void announceCancel(WriteTx tx) throws SQLException {
      sqlite.announceCancel(tx);
    }

    @Override
    public StoreException translate(String location, String doing, SQLException e) {
      return sqlite.translate(location, doing, e);
    }

    @Override
    public boolean isRetryable(SQLException e) {
      return sqlite.isRetryable(e);
    }
  }
}
