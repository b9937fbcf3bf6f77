package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.dag.Rate;
import dev.flowc.runtime.store.postgres.PostgresTestSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
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
}
