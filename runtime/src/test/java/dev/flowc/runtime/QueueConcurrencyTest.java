package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QueueConcurrencyTest extends RuntimeTestSupport {

  @Test
  void a_queue_concurrency_is_never_exceeded_while_other_queues_use_the_free_threads()
      throws Exception {
    AtomicInteger loadNow = new AtomicInteger();
    AtomicInteger loadMax = new AtomicInteger();
    AtomicInteger otherMax = new AtomicInteger();
    AtomicInteger otherNow = new AtomicInteger();
    Handler<JsonNode, Void> track =
        (input, ctx) -> {
          boolean load = ctx.queue().equals("load");
          AtomicInteger now = load ? loadNow : otherNow;
          AtomicInteger max = load ? loadMax : otherMax;
          max.accumulateAndGet(now.incrementAndGet(), Math::max);
          try {
            Thread.sleep(30); // the work of the job
          } finally {
            now.decrementAndGet();
          }
          return null;
        };
    bind("test.track", track);
    Plans plan = plan().queue("load", 2).queue("extract", null);
    for (int i = 0; i < 12; i++) {
      plan.job(stage("load_" + i, "test.track", null).queue("load"));
      plan.job(stage("extract_" + i, "test.track", null).queue("extract"));
    }
    FlowRuntime runtime = open();
    RunView run = runtime.submit(plan.build());
    runtime.startWorker(WorkerOptions.of(6));

    assertThat(finish(runtime, run).status()).isEqualTo(RunStatus.COMPLETE);
    assertThat(loadMax.get()).isEqualTo(2);
    assertThat(otherMax.get()).isGreaterThan(2);
  }

  @Test
  void a_worker_serves_only_its_queues() throws Exception {
    FlowRuntime runtime = open();
    RunView run =
        runtime.submit(
            plan()
                .queue("mine", null)
                .queue("theirs", null)
                .job(stage("a", "builtin.noop", null).queue("mine"))
                .job(stage("b", "builtin.noop", null).queue("theirs"))
                .build());
    Worker worker = runtime.startWorker(WorkerOptions.of(2).withQueues(java.util.Set.of("mine")));
    assertThat(worker.awaitDrained(WAIT)).isTrue();
    assertThat(job(runtime, run.id(), "a").state()).isEqualTo(JobState.COMPLETE);
    assertThat(job(runtime, run.id(), "b").state()).isEqualTo(JobState.PENDING);
  }
}
