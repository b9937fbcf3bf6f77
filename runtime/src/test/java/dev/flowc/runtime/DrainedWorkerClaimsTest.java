package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.sqlite.SqliteJobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A worker whose claim found nothing more to take does not claim again because a thread went idle
 * or an outcome committed: only when a job may have become ready (a commit, an announcement, a
 * reclaim) or a poll interval passed.
 */
class DrainedWorkerClaimsTest extends RuntimeTestSupport {

  @Test
  void threads_going_idle_after_the_queue_ran_dry_claim_nothing_until_a_job_is_made_ready()
      throws Exception {
    JobStore real =
        SqliteJobStore.open(dir.resolve("flowc.db"), SyncMode.NORMAL, Clock.systemUTC());
    AtomicInteger emptyClaims = new AtomicInteger();
    // The real store, counting the claims that found nothing.
    JobStore watched =
        InterceptedStore.around(
            real,
            (method, args, proceed) -> {
              Object result = proceed.call();
              if (method.getName().equals("claim") && ((List<?>) result).isEmpty()) {
                emptyClaims.incrementAndGet();
              }
              return result;
            });
    // A poll far beyond the test: every claim after the first comes from a wake-up.
    FlowRuntime runtime =
        track(
            FlowRuntime.builder()
                .store(watched)
                .handlers(registry())
                .pollInterval(Duration.ofMinutes(5))
                .open());
    Plans many = plan();
    for (int i = 0; i < 24; i++) {
      many.job(stage("s" + i, "builtin.echo", "{'x': " + i + "}"));
    }
    RunView first = runtime.submit(many.build());
    runtime.startWorker(WorkerOptions.of(4).withPrefetch(0));
    assertThat(finish(runtime, first).status()).isEqualTo(RunStatus.COMPLETE);

    // Four threads went idle one after another once the queue ran dry: none of them claimed in
    // vain but the dispatcher's one claim that found the queue empty.
    assertThat(emptyClaims.get()).isLessThanOrEqualTo(1);

    // A job made ready afterwards is claimed at once, not at the next poll (in five minutes).
    RunView second = runtime.submit(plan().job(stage("later", "builtin.echo", "{'x': 1}")).build());
    assertThat(finish(runtime, second).status()).isEqualTo(RunStatus.COMPLETE);
  }
}
