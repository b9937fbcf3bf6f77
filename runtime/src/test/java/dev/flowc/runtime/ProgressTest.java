package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProgressTest extends RuntimeTestSupport {

  @Test
  void progress_is_stored_and_visible_to_other_readers_while_the_job_runs() throws Exception {
    CountDownLatch reported = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    AtomicReference<Throwable> outOfRange = new AtomicReference<>();
    bind(
        "test.progress",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              ctx.updateProgress(40);
              try {
                ctx.updateProgress(101);
              } catch (IllegalArgumentException e) {
                outOfRange.set(e);
              }
              reported.countDown();
              proceed.await();
              return null;
            });
    FlowRuntime runtime = open();
    List<JobEvent> events = new CopyOnWriteArrayList<>();
    runtime.subscribe(events::add);
    runtime.startWorker(WorkerOptions.of(1));
    RunView run = runtime.submit(plan().job(stage("p", "test.progress", null)).build());
    reported.await();
    long id = job(runtime, run.id(), "p").id();

    // Another runtime on the same file reads it: progress is in the store, not only in memory.
    FlowRuntime reader = open();
    await("progress 40 is stored", () -> reader.job(id).orElseThrow().summary().progress() == 40);
    assertThat(outOfRange.get())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("progress must be within 0..100, not 101");

    proceed.countDown();
    finish(runtime, run);
    assertThat(runtime.job(id).orElseThrow().summary().progress()).isEqualTo(100);
    // Listeners hear of a commit after it, on another thread: the run may be seen final first.
    await(
        "the complete event",
        () -> events.stream().anyMatch(e -> e.jobId() == id && e.state() == JobState.COMPLETE));
    assertThat(events)
        .filteredOn(e -> e.jobId() == id && e.isProgress())
        .extracting(JobEvent::progress)
        .containsExactly(40);
    assertThat(events)
        .filteredOn(e -> e.jobId() == id && !e.isProgress())
        .extracting(JobEvent::state)
        .containsExactly(JobState.PENDING, JobState.RUNNING, JobState.COMPLETE);
  }
}
