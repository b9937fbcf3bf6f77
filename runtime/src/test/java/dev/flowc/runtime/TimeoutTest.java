package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TimeoutTest extends RuntimeTestSupport {

  @Test
  void a_timeout_interrupts_the_handler_and_counts_as_a_failed_attempt() throws Exception {
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean sawDeadline = new AtomicBoolean();
    bind(
        "test.hang",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              sawDeadline.set(ctx.deadline().isPresent());
              try {
                new CountDownLatch(1).await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                interrupted.set(ctx.isCancelled());
                throw e;
              }
              return null;
            });
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run =
        runtime.submit(plan().job(stage("hang", "test.hang", null).timeoutMs(200L)).build());

    finish(runtime, run);

    JobView job = view(runtime, run.id(), "hang");
    assertThat(job.state()).isEqualTo(JobState.DEAD);
    assertThat(job.summary().attempts()).isEqualTo(1);
    assertThat(job.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.errorClass()).isEqualTo("flowc.Timeout");
              assertThat(error.message()).isEqualTo("attempt 1 timed out after 200ms");
            });
    await("the handler was interrupted", interrupted::get);
    assertThat(sawDeadline).isTrue();
  }

  @Test
  void a_handler_that_ignores_the_interrupt_still_frees_its_slot() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    bind(
        "test.stubborn",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              while (release.getCount() > 0) {
                try {
                  release.await();
                } catch (InterruptedException ignored) {
                  // ignores interrupts, as badly written handlers do
                }
              }
              return null;
            });
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run =
        runtime.submit(
            plan()
                .job(stage("stubborn", "test.stubborn", null).timeoutMs(100L))
                .job(stage("next", "builtin.noop", null))
                .build());
    try {
      awaitState(runtime, job(runtime, run.id(), "next").id(), JobState.COMPLETE);
      assertThat(job(runtime, run.id(), "stubborn").state()).isEqualTo(JobState.DEAD);
    } finally {
      release.countDown();
    }
  }
}
