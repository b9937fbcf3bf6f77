package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.CompletedAndClaimed;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.sqlite.SqliteJobStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A worker with free threads has its completions claim the jobs they make ready in their own
 * transaction ({@link JobStore#completeThenClaim}): a chain's children start without a claim of
 * their own.
 */
class ClaimAfterCompletionTest extends RuntimeTestSupport {

  @Test
  void a_chains_children_are_claimed_by_their_parents_completions() throws Exception {
    JobStore real =
        SqliteJobStore.open(dir.resolve("flowc.db"), SyncMode.NORMAL, Clock.systemUTC());
    List<String> claimedAlone = new CopyOnWriteArrayList<>();
    List<String> claimedAfter = new CopyOnWriteArrayList<>();
    // The real store, telling which way each job was claimed.
    JobStore watched =
        InterceptedStore.around(
            real,
            (method, args, proceed) -> {
              Object result = proceed.call();
              if (method.getName().equals("claim")) {
                @SuppressWarnings("unchecked")
                List<ClaimedJob> jobs = (List<ClaimedJob>) result;
                jobs.forEach(job -> claimedAlone.add(job.stage()));
              } else if (method.getName().equals("completeThenClaim")) {
                @SuppressWarnings("unchecked")
                CompletableFuture<CompletedAndClaimed> done =
                    (CompletableFuture<CompletedAndClaimed>) result;
                return done.thenApply(
                    d -> {
                      d.claimed().forEach(job -> claimedAfter.add(job.stage()));
                      return d;
                    });
              }
              return result;
            });
    FlowRuntime runtime = track(FlowRuntime.builder().store(watched).handlers(registry()).open());
    RunView run =
        runtime.submit(
            plan()
                .job(stage("a", "builtin.echo", "{'x': 1}"))
                .job(stage("b", "builtin.echo", "{'x': 2}", "a"))
                .job(stage("c", "builtin.echo", "{'x': 3}", "b"))
                .job(stage("d", "builtin.echo", "{'x': 4}", "c"))
                .build());
    runtime.startWorker(WorkerOptions.of(1).withPrefetch(0));

    assertThat(finish(runtime, run).status()).isEqualTo(RunStatus.COMPLETE);
    assertThat(claimedAlone).containsExactly("a");
    assertThat(claimedAfter).containsExactly("b", "c", "d");
  }
}
