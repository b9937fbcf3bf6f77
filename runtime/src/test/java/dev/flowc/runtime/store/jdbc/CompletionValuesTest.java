package dev.flowc.runtime.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.AttemptLog;
import dev.flowc.runtime.JobEvent;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.LogLine;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.Lease;
import dev.flowc.runtime.store.NewRun;
import dev.flowc.runtime.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Completions that follow each other in a SQLite transaction share one statement per chunk, with
 * exactly the effects of completing them one by one: checked on two real store files set up alike,
 * one completed each way.
 */
class CompletionValuesTest {
  private static final Instant NOW = Instant.parse("2026-12-07T11:00:00Z");
  private static final int JOBS = 300;

  @TempDir Path dir;

  /** What completing the same batch left behind: values, events, and the jobs and run after. */
  private record Outcome(List<Object> values, List<JobEvent> events, List<Object> state) {}

  @Test
  void a_batch_of_completions_has_the_effects_of_completing_them_one_by_one() throws Exception {
    Outcome oneByOne = completeAll(dir.resolve("one-by-one.db"), false);
    Outcome together = completeAll(dir.resolve("together.db"), true);

    assertThat(together.values()).isEqualTo(oneByOne.values());
    assertThat(together.events()).isEqualTo(oneByOne.events());
    assertThat(together.state()).isEqualTo(oneByOne.state());
    // The batch holds stale, foreign, repeated and cancelled leases besides the good ones.
    assertThat(oneByOne.values()).contains(true, false);
    assertThat(oneByOne.events())
        .extracting(JobEvent::state)
        .contains(JobState.COMPLETE, JobState.CANCELLED, JobState.PENDING);
  }

  @Test
  void a_run_of_completions_is_cut_into_the_largest_chunks_that_fit_and_hold_no_job_twice() {
    assertThat(chunks(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L))).containsExactly(4, 0, 0, 0);
    List<Long> many = new ArrayList<>();
    for (long id = 1; id <= 300; id++) {
      many.add(id);
    }
    assertThat(chunks(many)).containsExactly(256, 16, 16, 4, 4, 4);
    assertThat(chunks(List.of(1L, 2L, 1L, 3L, 4L, 5L, 6L))).containsExactly(0, 4, 0, 0);
  }

  @Test
  void the_statement_finds_each_job_by_its_primary_key() throws Exception {
    Path file = dir.resolve("plan.db");
    SqliteJobStore.open(file, SyncMode.NORMAL, Clock.systemUTC()).close();
    List<String> plan = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.PreparedStatement explain =
            connection.prepareStatement(
                "EXPLAIN QUERY PLAN " + CompletionValues.statement(CompletionValues.CHUNKS[0]))) {
      try (java.sql.ResultSet rows = explain.executeQuery()) {
        while (rows.next()) {
          plan.add(rows.getString(4));
        }
      }
    }
    // One lookup per row of the list, never a scan of the jobs.
    assertThat(plan).contains("SEARCH jobs USING INTEGER PRIMARY KEY (rowid=?)");
    assertThat(plan).noneMatch(step -> step.startsWith("SCAN jobs"));
  }

  /** The chunk sizes {@link CompletionValues#chunk} cuts {@code ids} into (0: one alone). */
  private static List<Integer> chunks(List<Long> ids) {
    List<Completion> completions = new ArrayList<>();
    for (long id : ids) {
      completions.add(new Completion(new Lease(id, "w", 1), "1", null, null));
    }
    List<Integer> sizes = new ArrayList<>();
    int from = 0;
    while (from < completions.size()) {
      int size = CompletionValues.chunk(completions, from);
      sizes.add(size);
      from += Math.max(1, size);
    }
    return sizes;
  }

  /**
   * A run of {@value #JOBS} independent jobs and a child of the first, all claimed by "w", the
   * third asked to stop; then, in one transaction, completions of them all, in an order with a
   * stale lease, another owner's, and the first job's twice; {@code together}: through {@link
   * WriteBatch}, otherwise each op on its own.
   */
  private Outcome completeAll(Path file, boolean together) throws Exception {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    List<Object> values;
    List<JobEvent> events;
    List<Object> state = new ArrayList<>();
    try (SqliteJobStore store = SqliteJobStore.open(file, SyncMode.NORMAL, clock)) {
      List<JobSpec> specs = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        specs.add(JobSpec.builder("j" + i, "builtin.noop").retries(0).build());
      }
      specs.add(JobSpec.builder("child", "builtin.noop").dependsOn("j0").build());
      long runId =
          store
              .createRun(
                  new NewRun(
                      new Plan(
                          "batch", null, null, Map.of(), List.of(QueueSpec.defaultQueue()), specs),
                      null))
              .id();
      List<ClaimedJob> claimed =
          store.claim(
              new ClaimRequest("w", Set.of(), Set.of(), null, JOBS, NOW, NOW.plusSeconds(60)));
      assertThat(claimed).hasSize(JOBS);
      store.cancelJob(claimed.get(2).lease().jobId());

      List<WriteOp<?>> ops = new ArrayList<>();
      AttemptLog log =
          new AttemptLog(1, List.of(new LogLine(NOW, LogLine.Level.STDOUT, "done")), 0, 0);
      for (int i = 0; i < JOBS; i++) {
        Lease lease = claimed.get(i).lease();
        if (i == 5) {
          ops.add(completion(new Lease(lease.jobId(), lease.owner(), lease.claim() + 1), null));
        }
        if (i == 6) {
          ops.add(completion(new Lease(lease.jobId(), "other", lease.claim()), null));
        }
        ops.add(completion(lease, i % 50 == 1 ? log : null));
        if (i == 10) {
          ops.add(completion(claimed.get(0).lease(), null)); // the first job's, again
        }
      }

      try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement statement = connection.createStatement()) {
        statement.execute("BEGIN IMMEDIATE");
        WriteTx tx =
            new WriteTx(
                connection,
                WriteTx.newCache(),
                true,
                NOW.toEpochMilli(),
                ((JdbcJobStore) store).dialect());
        if (together) {
          values = WriteBatch.apply(tx, ops);
        } else {
          values = new ArrayList<>();
          for (WriteOp<?> op : ops) {
            values.add(op.apply(tx));
          }
        }
        tx.finish();
        statement.execute("COMMIT");
        events = tx.events();
      }
      state.add(store.run(runId).orElseThrow());
      for (dev.flowc.runtime.JobSummary job : store.runJobs(runId)) {
        state.add(store.job(job.id()).orElseThrow());
        state.add(store.logs(job.id()));
      }
    }
    return new Outcome(values, events, state);
  }

  private static Completion completion(Lease lease, AttemptLog log) {
    return new Completion(
        lease, "{\"n\":" + lease.jobId() + "}", NOW, log == null ? null : AttemptLogs.encode(log));
  }
}
