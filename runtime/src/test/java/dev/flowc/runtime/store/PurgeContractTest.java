package dev.flowc.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.AttemptLog;
import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.LogLine;
import dev.flowc.runtime.PurgeReport;
import dev.flowc.runtime.PurgeRequest;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} guarantees of a purge (issue 13, docs/runtime.md "Retention"): it
 * removes exactly the old finished runs with everything of theirs, never a run that is not
 * finished, never a running job, never a key; a dry run changes nothing; a large run goes in
 * chunks, hidden meanwhile, and a removal cut short is finished by the next purge. Each backend
 * subclasses it with a real store.
 */
public abstract class PurgeContractTest {
  private static final Set<RunStatus> FINISHED =
      EnumSet.of(RunStatus.COMPLETE, RunStatus.FAILED, RunStatus.CANCELLED);

  protected final JobStoreContractTest.TestClock clock = new JobStoreContractTest.TestClock();
  protected JobStore store;

  /** A new, empty store of the backend under test, on {@code clock}. */
  protected abstract JobStore openStore(Clock clock) throws Exception;

  /** The single number {@code sql} (a {@code SELECT count(*)...}) gives, read directly. */
  protected abstract long number(String sql) throws Exception;

  /** Runs {@code sql} directly on the database, outside the store. */
  protected abstract void execute(String sql) throws Exception;

  /** Moves the store's clock forward. */
  protected void advance(Duration duration) {
    clock.advance(duration);
  }

  @BeforeEach
  void openIt() throws Exception {
    store = openStore(clock);
  }

  @AfterEach
  void closeIt() {
    store.close();
  }

  /** A run of {@code jobs} no-op jobs, each after the one before when {@code chain}. */
  protected RunView submit(String pipeline, int jobs, boolean chain) {
    List<JobSpec> specs = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      JobSpec.Builder job = JobSpec.builder("j" + i, "builtin.noop").retries(0);
      if (chain && i > 0) {
        job.dependsOn("j" + (i - 1));
      }
      specs.add(job.build());
    }
    Plan plan =
        new Plan(pipeline, null, null, Map.of(), List.of(new QueueSpec("default", null)), specs);
    return store.createRun(new NewRun(plan, null));
  }

  private List<ClaimedJob> claim(Long runId, int limit) {
    return store.claim(
        new ClaimRequest(
            "w",
            Set.of(),
            Set.of(),
            runId,
            limit,
            clock.instant(),
            clock.instant().plus(Duration.ofHours(1))));
  }

  private static AttemptLog log(int attempt, int lines) {
    List<LogLine> text = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      text.add(new LogLine(java.time.Instant.EPOCH, LogLine.Level.STDOUT, "line " + i));
    }
    return new AttemptLog(attempt, text, 0, 0);
  }

  /** Completes every job of the run, each attempt logging two lines. */
  protected void completeAll(long runId) {
    while (true) {
      List<ClaimedJob> claimed = claim(runId, 500);
      if (claimed.isEmpty()) {
        return;
      }
      List<CompletableFuture<Boolean>> done = new ArrayList<>();
      for (ClaimedJob job : claimed) {
        done.add(
            store.complete(
                job.lease(), IntNode.valueOf(1), clock.instant(), log(job.attempt(), 2)));
      }
      done.forEach(CompletableFuture::join);
    }
  }

  /** A run whose first job dies (one error, a log of three lines) and cancels the rest. */
  private RunView failedRun(String pipeline, int jobs) {
    RunView run = submit(pipeline, jobs, true);
    ClaimedJob first = claim(run.id(), 1).get(0);
    JobError error =
        new JobError(first.attempt(), "java.io.IOException", "down", "trace", clock.instant(), "w");
    store.fail(first.lease(), error, null, clock.instant(), log(first.attempt(), 3)).join();
    return store.run(run.id()).orElseThrow();
  }

  private long jobsOf(long runId) throws Exception {
    return number("SELECT count(*) FROM jobs WHERE run_id = " + runId);
  }

  /** Rows anywhere that belong to the run's jobs or to the run. */
  private long rowsOf(long runId) throws Exception {
    String jobs = "(SELECT id FROM jobs WHERE run_id = " + runId + ")";
    return number("SELECT count(*) FROM runs WHERE id = " + runId)
        + jobsOf(runId)
        + number("SELECT count(*) FROM job_deps WHERE job_id IN " + jobs)
        + number("SELECT count(*) FROM job_errors WHERE job_id IN " + jobs)
        + number("SELECT count(*) FROM job_logs WHERE job_id IN " + jobs)
        + number("SELECT count(*) FROM dead_letters WHERE run_id = " + runId);
  }

  private long allRows() throws Exception {
    long rows = 0;
    for (String table : List.of("runs", "jobs", "job_deps", "job_errors", "job_logs")) {
      rows += number("SELECT count(*) FROM " + table);
    }
    return rows + number("SELECT count(*) FROM dead_letters");
  }

  protected PurgeReport purge(Duration olderThan, Set<RunStatus> statuses) {
    return store.purge(PurgeRequest.olderThan(olderThan, statuses), clock.instant());
  }

  @Test
  void a_purge_removes_exactly_the_old_finished_runs_with_everything_of_theirs() throws Exception {
    RunView oldComplete = submit("old-complete", 3, true);
    completeAll(oldComplete.id());
    RunView oldFailed = failedRun("old-failed", 3);
    RunView oldCancelled = submit("old-cancelled", 2, false);
    store.cancelRun(oldCancelled.id());
    RunView stillRunning = submit("still-running", 2, true);
    clock.advance(Duration.ofDays(10));
    RunView recent = submit("recent", 2, false);
    completeAll(recent.id());
    assertThat(store.run(oldFailed.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    long keptRows = rowsOf(stillRunning.id()) + rowsOf(recent.id());

    PurgeReport report = purge(Duration.ofDays(7), FINISHED);

    assertThat(report.runs()).isEqualTo(3);
    assertThat(report.jobs()).isEqualTo(3 + 3 + 2);
    assertThat(report.logLines()).isEqualTo(3 * 2 + 3);
    assertThat(report.errors()).isEqualTo(1);
    assertThat(report.deadLetters()).isEqualTo(1);
    assertThat(report.dryRun()).isFalse();
    for (RunView gone : List.of(oldComplete, oldFailed, oldCancelled)) {
      assertThat(store.run(gone.id())).isEmpty();
      assertThat(rowsOf(gone.id())).isZero();
    }
    assertThat(store.deadLetters(10)).isEmpty();
    assertThat(store.runs(10))
        .extracting(RunView::id)
        .containsExactly(recent.id(), stillRunning.id());
    assertThat(allRows()).isEqualTo(keptRows);
    assertThat(store.runJobs(recent.id())).hasSize(2);

    assertThat(purge(Duration.ofDays(7), FINISHED).runs()).isZero();
  }

  @Test
  void only_the_statuses_named_go_and_a_run_holding_a_dead_job_stays_unless_failed_is_named()
      throws Exception {
    RunView complete = submit("complete", 1, false);
    completeAll(complete.id());
    RunView failed = failedRun("failed", 2);
    // Cancelled while a job was dead: cancelled, yet it holds a dead letter.
    RunView cancelledWithDead = failedRun("cancelled-with-dead", 1);
    RunView other = submit("other", 1, false);
    store.enqueue(EnqueueRequest.builder("builtin.noop").runId(cancelledWithDead.id()).build());
    store.cancelRun(cancelledWithDead.id());
    store.cancelRun(other.id());
    assertThat(store.run(cancelledWithDead.id()).orElseThrow().status())
        .isEqualTo(RunStatus.CANCELLED);
    clock.advance(Duration.ofDays(2));

    PurgeReport cancelledOnly = purge(Duration.ofDays(1), EnumSet.of(RunStatus.CANCELLED));
    assertThat(cancelledOnly.runs()).isEqualTo(1);
    assertThat(store.run(other.id())).isEmpty();
    assertThat(store.run(cancelledWithDead.id())).isPresent();

    PurgeReport retention =
        store.purge(
            new PurgeRequest(
                Map.of(RunStatus.COMPLETE, Duration.ofDays(1), RunStatus.CANCELLED, Duration.ZERO),
                true,
                false),
            clock.instant());
    assertThat(retention.runs()).isEqualTo(1);
    assertThat(store.run(complete.id())).isEmpty();
    assertThat(store.run(failed.id())).isPresent();
    assertThat(store.deadLetters(10)).hasSize(2);

    PurgeReport explicit = purge(Duration.ofDays(1), FINISHED);
    assertThat(explicit.runs()).isEqualTo(2);
    assertThat(explicit.deadLetters()).isEqualTo(2);
    assertThat(store.deadLetters(10)).isEmpty();
    assertThat(allRows()).isZero();
  }

  @Test
  void a_run_with_a_job_that_is_not_final_is_never_touched_however_old() throws Exception {
    RunView running = submit("running", 2, false);
    ClaimedJob held = claim(running.id(), 1).get(0);
    ClaimedJob other = claim(running.id(), 1).get(0);
    store.complete(other.lease(), IntNode.valueOf(1)).join();
    // Cancelled while its job runs: the run stays running until the job stops.
    store.cancelRun(running.id());
    clock.advance(Duration.ofDays(400));
    long before = rowsOf(running.id());

    PurgeReport report = purge(Duration.ZERO, FINISHED);

    assertThat(report.runs()).isZero();
    assertThat(rowsOf(running.id())).isEqualTo(before);
    assertThat(store.job(held.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    assertThat(store.finishCancelled(held.lease()).join()).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(purge(Duration.ZERO, FINISHED).runs()).isEqualTo(1);
  }

  @Test
  void a_dry_run_changes_nothing_and_counts_what_the_purge_then_removes() throws Exception {
    RunView complete = submit("complete", 4, true);
    completeAll(complete.id());
    failedRun("failed", 3);
    clock.advance(Duration.ofDays(31));
    long rows = allRows();

    PurgeReport dry =
        store.purge(
            PurgeRequest.olderThan(Duration.ofDays(30), FINISHED).asDryRun(), clock.instant());

    assertThat(dry.dryRun()).isTrue();
    assertThat(allRows()).isEqualTo(rows);
    assertThat(store.runs(10)).hasSize(2);
    PurgeReport real = purge(Duration.ofDays(30), FINISHED);
    assertThat(List.of(dry.runs(), dry.jobs(), dry.logLines(), dry.errors(), dry.deadLetters()))
        .isEqualTo(
            List.of(real.runs(), real.jobs(), real.logLines(), real.errors(), real.deadLetters()));
    assertThat(real.runs()).isEqualTo(2);
  }

  @Test
  void a_run_s_idempotency_key_survives_its_purge() throws Exception {
    // The table of keys belongs to submits with a key (issue 13, item 3); made here when absent.
    execute(
        "CREATE TABLE IF NOT EXISTS run_keys (key TEXT PRIMARY KEY, run_id BIGINT NOT NULL,"
            + " created_at BIGINT NOT NULL)");
    RunView run = submit("keyed", 1, false);
    completeAll(run.id());
    execute(
        "INSERT INTO run_keys (key, run_id, created_at) VALUES ('nightly:2026-12-07', %d, 0)"
            .formatted(run.id()));
    clock.advance(Duration.ofDays(1));

    assertThat(purge(Duration.ZERO, FINISHED).runs()).isEqualTo(1);

    assertThat(number("SELECT count(*) FROM run_keys WHERE run_id = " + run.id())).isEqualTo(1);
  }

  @Test
  void ids_of_purged_runs_and_jobs_are_never_given_again() throws Exception {
    RunView older = submit("older", 2, true);
    completeAll(older.id());
    RunView newest = submit("newest", 3, true);
    completeAll(newest.id());
    long newestJob =
        store.runJobs(newest.id()).stream().mapToLong(JobSummary::id).max().orElseThrow();
    clock.advance(Duration.ofDays(1));

    assertThat(purge(Duration.ZERO, FINISHED).runs()).isEqualTo(2);

    RunView next = submit("next", 2, true);
    assertThat(next.id()).isGreaterThan(newest.id());
    assertThat(store.runJobs(next.id()))
        .allSatisfy(job -> assertThat(job.id()).isGreaterThan(newestJob));
    long enqueued = store.enqueue(EnqueueRequest.builder("builtin.noop").build());
    assertThat(enqueued).isGreaterThan(newestJob);

    // A large run takes the chunked path (a run being submitted, then published); so does its
    // removal. Its ids too are never given again.
    completeAll(next.id());
    RunView large = submit("large", LARGE, false);
    completeAll(large.id());
    long largeJob =
        store.runJobs(large.id()).stream().mapToLong(JobSummary::id).max().orElseThrow();
    clock.advance(Duration.ofDays(1));
    purge(Duration.ZERO, FINISHED);
    assertThat(number("SELECT count(*) FROM runs")).isZero();

    RunView after = submit("after", 1, false);
    assertThat(after.id()).isGreaterThan(large.id());
    assertThat(store.runJobs(after.id()).get(0).id()).isGreaterThan(Math.max(largeJob, enqueued));
  }

  @Test
  void nothing_can_be_added_to_or_replayed_in_a_purged_run() throws Exception {
    RunView failed = failedRun("failed", 2);
    long dead = store.runJobs(failed.id()).get(0).id();
    clock.advance(Duration.ofDays(1));
    purge(Duration.ZERO, FINISHED);

    assertThatThrownBy(() -> store.replay(dead)).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(
            () -> store.enqueue(EnqueueRequest.builder("builtin.noop").runId(failed.id()).build()))
        .isInstanceOf(NoSuchElementException.class);
    assertThat(number("SELECT count(*) FROM jobs")).isZero();
  }

  /** More jobs than one transaction removes ({@link RunRemoval}'s chunk). */
  private static final int LARGE = 12_000;

  @Test
  void a_large_run_is_removed_in_chunks_and_a_removal_cut_short_is_finished_by_the_next_purge()
      throws Exception {
    RunView large = submit("large", LARGE, false);
    completeAll(large.id());
    RunView small = submit("small", 2, false);
    completeAll(small.id());
    RunView large2 = submit("large2", LARGE, false);
    completeAll(large2.id());
    clock.advance(Duration.ofDays(1));

    // A purge killed after hiding the first large run and removing a chunk of it.
    execute(
        "UPDATE runs SET status = 'submitting', submit_owner = 'purge', submit_until = 0"
            + " WHERE id = "
            + large.id());
    execute(
        "DELETE FROM job_logs WHERE job_id IN (SELECT id FROM jobs WHERE run_id = %d AND id < %d)"
            .formatted(large.id(), store.runJobs(small.id()).get(0).id() - 7_000));
    execute(
        "DELETE FROM jobs WHERE run_id = %d AND id < %d"
            .formatted(large.id(), store.runJobs(small.id()).get(0).id() - 7_000));
    assertThat(store.run(large.id())).isEmpty();
    assertThat(store.runs(10)).extracting(RunView::id).containsExactly(large2.id(), small.id());
    assertThat(jobsOf(large.id())).isEqualTo(7_000);

    PurgeReport report = purge(Duration.ofHours(1), EnumSet.of(RunStatus.COMPLETE));

    assertThat(report.runs()).isEqualTo(3);
    assertThat(report.jobs()).isEqualTo(7_000 + 2 + LARGE);
    assertThat(allRows()).isZero();
  }

  @Test
  void a_purge_during_a_running_workload_touches_nothing_running_and_removes_every_old_run()
      throws Exception {
    List<Long> old = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      RunView run = submit("old" + i, 30, i % 2 == 0);
      completeAll(run.id());
      old.add(run.id());
    }
    clock.advance(Duration.ofDays(8));
    List<Long> live = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      live.add(submit("live" + i, 200, false).id());
    }
    AtomicBoolean purging = new AtomicBoolean(true);
    ExecutorService workload = Executors.newSingleThreadExecutor();
    try {
      // A worker's claims and completions, going on all through the purge and after it.
      Future<Integer> completed =
          workload.submit(
              () -> {
                int done = 0;
                while (true) {
                  List<ClaimedJob> claimed = claim(null, 20);
                  if (claimed.isEmpty()) {
                    if (!purging.get()) {
                      return done;
                    }
                    continue;
                  }
                  for (ClaimedJob job : claimed) {
                    assertThat(job.runId()).isIn(live);
                    assertThat(store.complete(job.lease(), IntNode.valueOf(2)).join()).isTrue();
                    done++;
                  }
                }
              });
      PurgeReport report = purge(Duration.ofDays(7), FINISHED);
      purging.set(false);

      assertThat(completed.get()).isEqualTo(5 * 200);
      assertThat(report.runs()).isEqualTo(40);
      assertThat(report.jobs()).isEqualTo(40 * 30);
    } finally {
      purging.set(false);
      workload.shutdownNow();
    }
    for (long id : old) {
      assertThat(rowsOf(id)).isZero();
    }
    for (long id : live) {
      RunView run = store.run(id).orElseThrow();
      assertThat(run.status()).isEqualTo(RunStatus.COMPLETE);
      assertThat(store.runJobs(id)).hasSize(200).allMatch(j -> j.state() == JobState.COMPLETE);
    }
    assertThat(store.runJobs(live.get(0)))
        .extracting(JobSummary::state)
        .containsOnly(JobState.COMPLETE);
  }
}
