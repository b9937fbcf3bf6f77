package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.sqlite.SqliteJobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StoreFailureTest extends RuntimeTestSupport {

  @Test
  void a_worker_keeps_claiming_after_the_store_fails_for_a_while() throws Exception {
    JobStore real =
        SqliteJobStore.open(dir.resolve("flowc.db"), SyncMode.NORMAL, Clock.systemUTC());
    AtomicInteger failedClaims = new AtomicInteger();
    // The real store, whose first three claims fail as a full disk or a long lock would.
    JobStore failing =
        InterceptedStore.around(
            real,
            (method, args, proceed) -> {
              if (method.getName().equals("claim") && failedClaims.get() < 3) {
                failedClaims.incrementAndGet();
                throw new StoreException("cannot write to store: the disk is full");
              }
              return proceed.call();
            });
    FlowRuntime runtime = track(FlowRuntime.builder().store(failing).handlers(registry()).open());
    runtime.startWorker(WorkerOptions.of(1));

    RunView run = runtime.submit(plan().job(stage("a", "builtin.echo", "{'x': 1}")).build());

    assertThat(finish(runtime, run).status()).isEqualTo(RunStatus.COMPLETE);
    assertThat(failedClaims.get()).isEqualTo(3);
  }

  @Test
  void a_worker_whose_outcome_cannot_be_recorded_stops_and_says_which_job_stays_running()
      throws Exception {
    JobStore real =
        SqliteJobStore.open(dir.resolve("flowc.db"), SyncMode.NORMAL, Clock.systemUTC());
    AtomicInteger claims = new AtomicInteger();
    // The real store, whose completions fail as on a full disk.
    JobStore failing =
        InterceptedStore.around(
            real,
            (method, args, proceed) -> {
              if (method.getName().equals("complete")
                  || method.getName().equals("completeThenClaim")) {
                return java.util.concurrent.CompletableFuture.failedFuture(
                    new StoreException("cannot write to store 'x.db': the disk is full"));
              }
              if (method.getName().equals("claim")) {
                claims.incrementAndGet();
              }
              return proceed.call();
            });
    FlowRuntime runtime = track(FlowRuntime.builder().store(failing).handlers(registry()).open());
    RunView run =
        runtime.submit(
            plan()
                .job(stage("a", "builtin.echo", "{'x': 1}"))
                .job(stage("b", "builtin.echo", "{'x': 2}", "a"))
                .build());
    Worker worker = runtime.startWorker(WorkerOptions.of(1).withPrefetch(0));

    await("the worker to stop", () -> worker.storeFailure().isPresent());
    long jobA = runtime.jobs(run.id()).get(0).id();
    assertThat(worker.storeFailure().orElseThrow().getMessage())
        .isEqualTo(
            "cannot record the outcome of job %d (a): cannot write to store 'x.db': the disk is full"
                .formatted(jobA));
    assertThat(worker.jobsLeftRunning()).containsExactly(jobA);
    int claimsAtFailure = claims.get();
    assertThat(worker.awaitDrained(Duration.ofMillis(300))).as("job a stays running").isFalse();
    assertThat(claims.get()).as("claims after the failure").isEqualTo(claimsAtFailure);
    worker.close();
    assertThat(runtime.job(jobA).orElseThrow().state()).isEqualTo(JobState.RUNNING);
  }
}
