package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PriorityTest extends RuntimeTestSupport {

  @Test
  void higher_priority_runs_first_and_equals_run_in_submission_order() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    bind(
        "test.record",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              order.add(ctx.stage());
              return null;
            });
    FlowRuntime runtime = open();
    RunView run =
        runtime.submit(
            plan()
                .job(stage("low_1", "test.record", null).priority(-5))
                .job(stage("mid_1", "test.record", null))
                .job(stage("high_1", "test.record", null).priority(10))
                .job(stage("mid_2", "test.record", null))
                .job(stage("high_2", "test.record", null).priority(10))
                .job(stage("low_2", "test.record", null).priority(-5))
                .job(stage("mid_3", "test.record", null))
                .build());

    runtime.startWorker(WorkerOptions.of(1));
    finish(runtime, run);

    assertThat(order)
        .containsExactly("high_1", "high_2", "mid_1", "mid_2", "mid_3", "low_1", "low_2");
  }

  @Test
  void single_jobs_follow_the_same_order() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    bind(
        "test.record",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              order.add(ctx.stage());
              return null;
            });
    FlowRuntime runtime = open();
    long last = 0;
    for (int i = 0; i < 20; i++) {
      last =
          runtime.enqueue(
              EnqueueRequest.builder("test.record")
                  .stage("job_" + i)
                  .priority(i % 2 == 0 ? 1 : 0)
                  .build());
    }
    runtime.startWorker(WorkerOptions.of(1));
    runtime.awaitResult(last, WAIT);
    await("all ran", () -> order.size() == 20);
    assertThat(order.subList(0, 10))
        .containsExactly(
            "job_0", "job_2", "job_4", "job_6", "job_8", "job_10", "job_12", "job_14", "job_16",
            "job_18");
  }

  /**
   * The seed's case: the load job (priority 10) becomes ready while six lower jobs wait in the
   * worker's buffer behind a busy thread. It must start before every one of them that has not
   * started. The first low job may already run (its thread takes it the moment the gate finishes,
   * before the gate's completion commits); it then waits, with a deadline, for the load job to be
   * claimed, so the test does not depend on who is faster.
   */
  @Test
  void a_job_that_becomes_ready_starts_before_lower_jobs_already_prefetched() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    CountDownLatch gate = new CountDownLatch(1);
    AtomicReference<FlowRuntime> runtimeRef = new AtomicReference<>();
    AtomicReference<Long> loadId = new AtomicReference<>();
    bind(
        "test.gate",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              order.add(ctx.stage());
              gate.await(20, TimeUnit.SECONDS);
              return null;
            });
    bind(
        "test.record",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              order.add(ctx.stage());
              if (ctx.stage().startsWith("low") && order.size() == 2) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < deadline
                    && runtimeRef.get().job(loadId.get()).orElseThrow().state()
                        != JobState.RUNNING) {
                  Thread.sleep(5); // polling interval, bounded by the deadline
                }
              }
              return null;
            });
    FlowRuntime runtime = open();
    runtimeRef.set(runtime);
    Plans plan = plan().job(stage("extract", "test.gate", null));
    for (int i = 1; i <= 6; i++) {
      plan.job(stage("low_" + i, "test.record", null));
    }
    plan.job(stage("load", "test.record", null, "extract").priority(10));
    RunView run = runtime.submit(plan.build());
    loadId.set(
        runtime.jobs(run.id()).stream()
            .filter(job -> job.stage().equals("load"))
            .findFirst()
            .orElseThrow()
            .id());

    runtime.startWorker(WorkerOptions.of(1).withPrefetch(8));
    await("the six low jobs claimed", () -> runningCount(runtime, run) == 7);
    gate.countDown();
    finish(runtime, run);

    assertThat(order.get(0)).isEqualTo("extract");
    assertThat(order.indexOf("load")).as("position of load in " + order).isLessThanOrEqualTo(2);
  }

  @Test
  void a_job_s_start_is_when_its_handler_starts_not_when_it_was_claimed() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    bind(
        "test.gate",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              gate.await(20, TimeUnit.SECONDS);
              return null;
            });
    bind("test.record", (Handler<JsonNode, Void>) (input, ctx) -> null);
    FlowRuntime runtime = open();
    RunView run =
        runtime.submit(
            plan()
                .job(stage("busy", "test.gate", null))
                .job(stage("waiting", "test.record", null))
                .build());
    runtime.startWorker(WorkerOptions.of(1));
    await("both claimed", () -> runningCount(runtime, run) == 2);
    // Claimed, then held in the buffer for a while: none of that is the job's duration.
    Thread.sleep(100); // a gap between claim and start, not a wait for a condition
    Instant released = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    gate.countDown();
    finish(runtime, run);

    JobSummary waiting =
        runtime.jobs(run.id()).stream()
            .filter(job -> job.stage().equals("waiting"))
            .findFirst()
            .orElseThrow();
    assertThat(waiting.startedAt()).isAfterOrEqualTo(released);
  }

  private static long runningCount(FlowRuntime runtime, RunView run) {
    return runtime.jobs(run.id()).stream().filter(job -> job.state() == JobState.RUNNING).count();
  }
}
