package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.runtime.store.postgres.PostgresTestSchema;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A queue's concurrency caps its running jobs across every worker sharing the store. */
class GlobalQueueConcurrencyTest extends RuntimeTestSupport {
  private final AtomicInteger loadNow = new AtomicInteger();
  private final AtomicInteger loadMax = new AtomicInteger();
  private final AtomicInteger otherMax = new AtomicInteger();
  private final AtomicInteger otherNow = new AtomicInteger();

  private void bindTracker() {
    Handler<JsonNode, Void> track =
        (input, ctx) -> {
          boolean load = ctx.queue().equals("load");
          AtomicInteger now = load ? loadNow : otherNow;
          AtomicInteger max = load ? loadMax : otherMax;
          max.accumulateAndGet(now.incrementAndGet(), Math::max);
          try {
            Thread.sleep(40); // the work of the job
          } finally {
            now.decrementAndGet();
          }
          return null;
        };
    bind("test.track", track);
  }

  private void runOnTwoRuntimes(FlowRuntime first, FlowRuntime second) throws Exception {
    Plans plan = plan().queue("load", 1).queue("extract", null);
    for (int i = 0; i < 10; i++) {
      plan.job(stage("load_" + i, "test.track", null).queue("load"));
      plan.job(stage("extract_" + i, "test.track", null).queue("extract"));
    }
    RunView run = first.submit(plan.build());
    first.startWorker(WorkerOptions.of(4));
    second.startWorker(WorkerOptions.of(4));

    assertThat(finish(first, run).status()).isEqualTo(RunStatus.COMPLETE);
    assertThat(loadMax.get()).as("load jobs running at once, both workers together").isEqualTo(1);
    assertThat(otherMax.get()).isGreaterThan(1);
  }

  @Test
  void two_workers_on_one_sqlite_file_run_one_job_of_a_queue_of_concurrency_one_at_a_time()
      throws Exception {
    bindTracker();
    runOnTwoRuntimes(open(), open());
  }

  @Test
  void two_workers_on_one_postgresql_database_run_one_job_of_a_queue_of_concurrency_one_at_a_time()
      throws Exception {
    bindTracker();
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
