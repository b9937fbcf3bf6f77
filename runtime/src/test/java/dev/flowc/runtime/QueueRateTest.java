package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.dag.Rate;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.postgres.PostgresTestSchema;
import dev.flowc.runtime.store.sqlite.SqliteJobStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A queue's rate caps its job starts across every worker sharing the store, and a worker waits for
 * the next token rather than for its poll: two workers of four threads start the jobs of a queue of
 * {@code rate 10/s} as a token bucket of 10 allows, while an unlimited queue beside it drains at
 * its own pace.
 */
class QueueRateTest extends RuntimeTestSupport {
  private static final int RATE = 10;
  private static final int LIMITED_JOBS = 30;

  private final ConcurrentLinkedQueue<Long> limitedStarts = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> otherStarts = new ConcurrentLinkedQueue<>();

  private void bindRecorder() {
    Handler<JsonNode, Void> record =
        (input, ctx) -> {
          (ctx.queue().equals("api") ? limitedStarts : otherStarts).add(System.nanoTime());
          return null;
        };
    bind("test.record", record);
  }

  private void runOnTwoRuntimes(FlowRuntime first, FlowRuntime second) throws Exception {
    Plans plan = plan().queue("api", null, Rate.perSecond(RATE)).queue("bulk", null);
    for (int i = 0; i < LIMITED_JOBS; i++) {
      plan.job(stage("api_" + i, "test.record", null).queue("api"));
    }
    for (int i = 0; i < 50; i++) {
      plan.job(stage("bulk_" + i, "test.record", null).queue("bulk"));
    }
    RunView run = first.submit(plan.build());
    first.startWorker(WorkerOptions.of(4));
    second.startWorker(WorkerOptions.of(4));

    assertThat(finish(first, run).status()).isEqualTo(RunStatus.COMPLETE);
    List<Long> starts = new ArrayList<>(limitedStarts);
    starts.sort(null);
    assertThat(starts).hasSize(LIMITED_JOBS);
    // A token bucket of RATE tokens refilled RATE a second: from any start to a later one, at most
    // RATE + RATE x (the time between them) starts; 2 more for a handler that starts a little
    // after its claim.
    for (int i = 0; i < starts.size(); i++) {
      for (int j = i + 1; j < starts.size(); j++) {
        double seconds = (starts.get(j) - starts.get(i)) / 1e9;
        assertThat(j - i + 1)
            .as("starts %d..%d within %.3f s", i, j, seconds)
            .isLessThanOrEqualTo((int) Math.floor(RATE + RATE * seconds) + 2);
      }
    }
    // The unlimited queue is not held back: it has drained before the limited queue's last token.
    long lastOther = otherStarts.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(lastOther).isLessThan(starts.get(starts.size() - 1));
  }

  @Test
  void two_workers_on_one_sqlite_file_start_a_rate_limited_queue_at_its_rate() throws Exception {
    bindRecorder();
    runOnTwoRuntimes(open(), open());
  }

  @Test
  void two_workers_on_one_postgresql_database_start_a_rate_limited_queue_at_its_rate()
      throws Exception {
    bindRecorder();
    try (PostgresTestSchema schema = PostgresTestSchema.create()) {
      try (FlowRuntime first =
              FlowRuntime.builder().store(schema.url()).handlers(registry()).open();
          FlowRuntime second =
              FlowRuntime.builder().store(schema.url()).handlers(registry()).open()) {
        runOnTwoRuntimes(first, second);
      }
    }
  }

  @Test
  void a_worker_waiting_for_a_token_does_not_claim_in_a_loop() throws Exception {
    JobStore store =
        SqliteJobStore.open(dir.resolve("wait.db"), SyncMode.NORMAL, Clock.systemUTC());
    AtomicInteger claims = new AtomicInteger();
    JobStore counting =
        InterceptedStore.around(
            store,
            (method, args, proceed) -> {
              if (method.getName().equals("claim")) {
                claims.incrementAndGet();
              }
              return proceed.call();
            });
    FlowRuntime runtime = track(FlowRuntime.builder().store(counting).handlers(registry()).open());
    Plans plan = plan().queue("api", null, Rate.perHour(1));
    for (int i = 0; i < 3; i++) {
      plan.job(stage("api_" + i, "builtin.noop", null).queue("api"));
    }
    RunView run = runtime.submit(plan.build());
    runtime.startWorker(WorkerOptions.of(2));
    await(
        "the first job is complete",
        () -> runtime.jobs(run.id()).stream().anyMatch(job -> job.state() == JobState.COMPLETE));

    int before = claims.get();
    long second = System.nanoTime() + 1_000_000_000L;
    await("a second has passed", () -> System.nanoTime() >= second);

    // The poll interval (50 ms) bounds the wait for a token an hour away: about 20 claims, where a
    // loop would make thousands.
    assertThat(claims.get() - before).as("claims in a second without a token").isLessThan(60);
    assertThat(runtime.jobs(run.id()))
        .filteredOn(job -> job.state() == JobState.PENDING)
        .hasSize(2)
        .allSatisfy(job -> assertThat(job.attempts()).isZero());
  }

  @Test
  void a_worker_wakes_when_a_token_comes_back_not_at_its_next_poll() throws Exception {
    bindRecorder();
    FlowRuntime runtime = track(builder().pollInterval(java.time.Duration.ofSeconds(30)).open());
    Plans plan = plan().queue("api", null, Rate.perSecond(RATE));
    for (int i = 0; i < RATE + 5; i++) {
      plan.job(stage("api_" + i, "test.record", null).queue("api"));
    }
    RunView run = runtime.submit(plan.build());
    runtime.startWorker(WorkerOptions.of(2));

    // The 5 jobs after the full bucket need half a second of tokens; a worker that slept until
    // its poll would take 30 s.
    assertThat(runtime.awaitRun(run.id(), java.time.Duration.ofSeconds(10)).status())
        .isEqualTo(RunStatus.COMPLETE);
    List<Long> starts = new ArrayList<>(limitedStarts);
    starts.sort(null);
    assertThat(starts).hasSize(RATE + 5);
    // The rate held: five tokens take 500 ms; handlers start a little after their claims, the
    // first ones of a cold worker later than the rest, so the starts' span is somewhat shorter.
    assertThat(starts.get(RATE + 4) - starts.get(0)).isGreaterThanOrEqualTo(250_000_000L);
  }
}
