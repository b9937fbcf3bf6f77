package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CancelRunningTest extends RuntimeTestSupport {

  @Test
  void cancelling_a_running_job_flags_and_interrupts_it_then_records_it_cancelled()
      throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean sawCancel = new AtomicBoolean();
    bind(
        "test.long",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              started.countDown();
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                sawCancel.set(ctx.isCancelled());
              }
              return null;
            });
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run =
        runtime.submit(
            plan()
                .job(stage("long", "test.long", null))
                .job(stage("after", "builtin.noop", null, "long"))
                .build());
    started.await();
    long id = job(runtime, run.id(), "long").id();

    assertThat(runtime.cancel(id)).isTrue();

    RunView done = finish(runtime, run);
    assertThat(done.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(job(runtime, run.id(), "long").state()).isEqualTo(JobState.CANCELLED);
    assertThat(job(runtime, run.id(), "after").state()).isEqualTo(JobState.CANCELLED);
    assertThat(job(runtime, run.id(), "after").cancelledBy()).isEqualTo(id);
    assertThat(sawCancel).isTrue();
  }

  @Test
  void a_cancellation_made_by_another_runtime_reaches_the_handler_through_the_heartbeat()
      throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    bind(
        "test.poll",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              started.countDown();
              while (!ctx.isCancelled()) {
                Thread.onSpinWait();
              }
              return null;
            });
    FlowRuntime worker = track(builder().heartbeatInterval(java.time.Duration.ofMillis(50)).open());
    worker.startWorker(WorkerOptions.of(1));
    FlowRuntime other = open();
    RunView run = other.submit(plan().job(stage("poll", "test.poll", null)).build());
    started.await();

    assertThat(other.cancel(job(other, run.id(), "poll").id())).isTrue();

    assertThat(finish(other, run).status()).isEqualTo(RunStatus.CANCELLED);
  }
}
