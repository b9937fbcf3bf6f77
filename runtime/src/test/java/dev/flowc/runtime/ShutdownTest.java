package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShutdownTest extends RuntimeTestSupport {

  @Test
  void closing_a_worker_leaves_nothing_running_and_gives_unfinished_jobs_back() throws Exception {
    FlowRuntime runtime = open();
    Plans plan = plan();
    for (int i = 0; i < 6; i++) {
      plan.job(stage("sleep_" + i, "builtin.sleep", "{'ms': 60000}"));
    }
    RunView run = runtime.submit(plan.build());
    Worker worker =
        runtime.startWorker(
            WorkerOptions.of(2).withPrefetch(4).withShutdownGrace(Duration.ofMillis(100)));
    await(
        "two jobs run and four wait in the prefetch buffer",
        () -> runtime.stats().states().get(JobState.RUNNING) == 6);

    worker.close();

    assertThat(runtime.stats().states())
        .containsEntry(JobState.RUNNING, 0L)
        .containsEntry(JobState.PENDING, 6L);
    assertThat(runtime.jobs(run.id())).allMatch(job -> job.attempts() == 0);
    assertThat(worker.processed()).as("jobs given back are not processed").isZero();
    assertThat(runtime.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void a_job_that_finishes_within_the_grace_period_is_recorded_complete() throws Exception {
    FlowRuntime runtime = open();
    RunView run =
        runtime.submit(plan().job(stage("short", "builtin.sleep", "{'ms': 500}")).build());
    Worker worker =
        runtime.startWorker(WorkerOptions.of(1).withShutdownGrace(Duration.ofSeconds(10)));
    // Its handler started (a job only claimed would be given back): the start is written while
    // it runs, or with its outcome.
    await("its handler starts", () -> job(runtime, run.id(), "short").startedAt() != null);

    worker.close();

    assertThat(job(runtime, run.id(), "short").state()).isEqualTo(JobState.COMPLETE);
  }

  @Test
  void a_job_counts_as_processed_by_the_time_its_run_is_seen_to_end() throws Exception {
    FlowRuntime runtime = open();
    try (Worker worker = runtime.startWorker(WorkerOptions.of(1))) {
      // The outcome may commit on the handler's thread, and the run's end wake a waiter at once.
      for (int i = 1; i <= 200; i++) {
        RunView run = runtime.submit(plan().job(stage("one", "builtin.noop", null)).build());
        runtime.awaitRun(run.id(), Duration.ofSeconds(30));
        assertThat(worker.processed()).as("after run " + i).isEqualTo(i);
      }
    }
  }
}
