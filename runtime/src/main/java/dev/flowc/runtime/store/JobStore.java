package dev.flowc.runtime.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.dag.Plan;
import dev.flowc.runtime.AttemptLog;
import dev.flowc.runtime.DeadLetter;
import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.JobListener;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.JobView;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.Stats;
import dev.flowc.runtime.Submitted;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Where jobs live: every state transition of {@code docs/runtime.md}, each applied atomically and
 * guarded by the state it leaves. The worker and {@link dev.flowc.runtime.FlowRuntime} hold the
 * policy (backoff, timeouts, reclaim cap); a store holds the data and its invariants (dependency
 * counters, cascade cancel, replay, run status). Every backend runs {@code JobStoreContractTest}.
 *
 * <p>Writes about running jobs take a {@link Lease} and return {@code false} when the lease no
 * longer holds. The asynchronous ones may be committed in groups; their future completes after the
 * commit. Events of committed changes go to the listeners on the store's own thread.
 */
public interface JobStore extends AutoCloseable {

  /** Where the store is, for messages: a file path or a URL without password. */
  String location();

  /**
   * The store's notion of now: what leases, {@code run_at}, backoff and expiry are measured
   * against. A store shared by several machines takes it from the database, not from one worker's
   * clock; a test may inject one.
   */
  java.time.Clock clock();

  /**
   * Stores a plan's jobs as a new run, atomically: when it returns, the run is there with all its
   * jobs; when it throws, nothing of it is. A large plan (above 5,000 jobs) is written in several
   * short transactions, so other work gets through meanwhile, into a run that no read, claim or
   * transition sees until the last transaction publishes it; a submit that fails removes what it
   * wrote, and one whose process died is removed by the next {@link #reclaimExpired} after a
   * minute. {@link NewRun#stored()} hears of each transaction.
   *
   * <p>A run with a key ({@link NewRun#key()}) already used in this store is not created: this
   * returns the first run with that key (see {@link #submitRun}).
   */
  default RunView createRun(NewRun run) {
    Submitted submitted = submitRun(run);
    return submitted
        .run()
        .orElseThrow(
            () ->
                new java.util.NoSuchElementException(
                    "run %d, the first with key '%s', was purged"
                        .formatted(submitted.runId(), run.key())));
  }

  /**
   * As {@link #createRun}, saying whether it made the run. A key is taken forever in a store: a
   * second submit with it creates nothing and returns the first run's id, even when that run was
   * purged since; two submits with one key racing in several processes make one run (the uniqueness
   * of the key in the store decides, and the loser returns the winner's run).
   */
  Submitted submitRun(NewRun run);

  /** Stores one job; {@code blocked} until the jobs it depends on complete. */
  long enqueue(EnqueueRequest request);

  /**
   * Stores jobs in one transaction, in order: all of them or, when one is refused, none. Each is
   * {@code blocked} until the jobs it depends on complete.
   *
   * @return their ids, in the order of {@code requests}
   */
  List<Long> enqueueAll(List<EnqueueRequest> requests);

  /**
   * Claims ready jobs in order: priority (higher first), then {@code run_at}, then id. Each claim
   * increments the job's attempts and claim counter and sets its lease.
   */
  List<ClaimedJob> claim(ClaimRequest request);

  /**
   * Whether {@link #claim} would find a job for {@code request} now. A read: it never waits for a
   * write transaction, so a worker may ask it often.
   */
  boolean hasReady(ClaimRequest request);

  /**
   * Records that a claimed job's handler started at {@code at}: the attempt's duration counts from
   * then, and only from then does a lost lease count against the reclaim cap (see {@link
   * #reclaimExpired}). It applies while no other claim of the job has happened, even just after the
   * attempt's outcome, and never replaces a start already recorded.
   */
  CompletableFuture<Boolean> started(Lease lease, Instant at);

  /**
   * The stored results of a job's dependencies, by stage name (an item's are its stage's). A
   * dependency that did not complete (one the job reads the state of may have ended otherwise) maps
   * to a {@link com.fasterxml.jackson.databind.node.MissingNode}: it has no result to give.
   */
  Map<String, JsonNode> dependencyResults(long jobId);

  /**
   * As {@link #dependencyResults(long)} for a job this store's claim gave: from what the claim read
   * with the job where it did ({@link ClaimedJob#dependencyResults}), without a read of its own.
   */
  default Map<String, JsonNode> dependencyResults(ClaimedJob job) {
    return dependencyResults(job.id());
  }

  /** Records success: result stored, dependents' counters decremented, ready ones released. */
  default CompletableFuture<Boolean> complete(Lease lease, JsonNode result) {
    return complete(lease, result, null, null);
  }

  /**
   * As {@link #complete(Lease, JsonNode)}, recording in the same transaction, when the lease holds,
   * that the handler started at {@code startedAt} (a short job's start then costs no write of its
   * own) and the attempt's log; a {@code null} start or log records nothing of it.
   */
  CompletableFuture<Boolean> complete(
      Lease lease, JsonNode result, Instant startedAt, AttemptLog log);

  /**
   * As {@link #complete(Lease, JsonNode, Instant, AttemptLog)}; then, in the same transaction and
   * only when it made jobs of {@code next}'s queues ready (a child whose last parent this was, a
   * stage's items), claims for {@code next} as {@link #claim} would, but only jobs of queues with
   * neither a concurrency limit nor a rate: the highest priorities first, among every ready job of
   * those queues, not only the ones it released. A worker with free threads asks for it, so that a
   * job's children start on its own threads without waiting for a wake-up and a claim of their own;
   * the transaction commits as durably as a completion alone.
   *
   * @param next the claim, whose {@code limit} is the worker's free places
   */
  CompletableFuture<CompletedAndClaimed> completeThenClaim(
      Lease lease, JsonNode result, Instant startedAt, AttemptLog log, ClaimRequest next);

  /**
   * Records a failed attempt in the error history; schedules the next attempt at {@code retryAt},
   * or, when it is {@code null}, makes the job dead (dead letter, cascade cancel).
   */
  default CompletableFuture<Boolean> fail(Lease lease, JobError error, Instant retryAt) {
    return fail(lease, error, retryAt, null, null);
  }

  /**
   * As {@link #fail(Lease, JobError, Instant)}, recording in the same transaction, when the lease
   * holds, that the handler started at {@code startedAt} and the attempt's log; a {@code null}
   * start or log records nothing of it.
   */
  CompletableFuture<Boolean> fail(
      Lease lease, JobError error, Instant retryAt, Instant startedAt, AttemptLog log);

  /** Records that a running job whose cancellation was requested stopped: cancelled, cascading. */
  default CompletableFuture<Boolean> finishCancelled(Lease lease) {
    return finishCancelled(lease, null);
  }

  /**
   * {@link #finishCancelled(Lease)}, and stores the attempt's log in the same transaction when the
   * lease holds; a {@code null} log stores nothing.
   */
  CompletableFuture<Boolean> finishCancelled(Lease lease, AttemptLog log);

  /** Gives a claimed job back: {@code pending} again, the attempt not counted. */
  CompletableFuture<Boolean> release(Lease lease);

  /** Stores a running job's progress, 0..100. */
  CompletableFuture<Boolean> progress(Lease lease, int percent);

  /**
   * Extends the leases still held by {@code owner} to {@code until}.
   *
   * @return the ids among them whose cancellation was requested, or whose lease was lost
   */
  Set<Long> heartbeat(String owner, Collection<Lease> leases, Instant until);

  /**
   * Puts running jobs whose lease expired before {@code now} back to {@code pending}. A job whose
   * handler had started ({@link #started}) counts a reclaim, and one reclaimed {@code maxReclaims}
   * times becomes dead instead; a job that was only claimed (held in a worker's buffer) counts
   * none: it cannot have crashed its worker.
   *
   * <p>It also removes the runs of large submits whose submitter is gone (see {@link #createRun}):
   * those whose submit's lease ran out before {@code now}, in transactions of some thousands of
   * rows.
   *
   * @return how many jobs were reclaimed or made dead
   */
  int reclaimExpired(Instant now, int maxReclaims);

  /**
   * Cancels a job: at once when blocked, pending or retrying; by request when running (the worker
   * finishes it). Its dependents that are not final are cancelled with it as the cause.
   *
   * @return false when the job is already final
   * @throws java.util.NoSuchElementException when there is no such job
   */
  boolean cancelJob(long jobId);

  /**
   * Cancels every job of a run that is not final and marks the run cancelled.
   *
   * @return how many jobs were cancelled or asked to stop
   * @throws java.util.NoSuchElementException when there is no such run
   */
  int cancelRun(long runId);

  /**
   * Replays a dead job: a new retry budget, {@code pending}, and the dependents it cancelled back
   * to {@code blocked}.
   *
   * @return how many dependents were restored
   * @throws java.util.NoSuchElementException when there is no such job
   * @throws IllegalStateException when the job is not dead
   */
  int replay(long jobId);

  /**
   * Applies {@code plan}, the run's pipeline compiled again (with other params, say), to the run:
   * every job that has not completed takes the settings of its stage in the plan (handler, queue,
   * priority, retries, backoff, timeout, input, metadata, description), and the plan's params
   * become the run's. Completed jobs keep theirs, and their results. In one transaction.
   *
   * @return how many jobs were changed
   * @throws java.util.NoSuchElementException when there is no such run
   * @throws IllegalArgumentException when the plan's pipeline, stages or dependencies are not the
   *     run's (the message says the first difference)
   * @throws IllegalStateException when a job of the run is running
   */
  int reviseRun(long runId, Plan plan);

  /**
   * Stores {@code schedules} as the schedules of {@code pipeline}, in one transaction, replacing
   * its previous ones: schedules no longer listed are removed; a kept one keeps its pause flag and
   * what it last did, and its next tick unless its cron expression or time zone changed; a new one
   * (or a changed one) fires from its first tick after {@code now}, none from before.
   *
   * @return the pipeline's schedules as stored now, by name
   * @throws IllegalArgumentException when a schedule's name is deployed for another pipeline:
   *     nothing is stored
   */
  List<dev.flowc.runtime.ScheduleView> deploy(
      String pipeline, List<dev.flowc.runtime.ScheduledPlan> schedules, Instant now);

  /** Every deployed schedule, by name. */
  List<dev.flowc.runtime.ScheduleView> schedules();

  /**
   * Pauses a schedule (it fires nothing until resumed) or resumes it.
   *
   * @throws java.util.NoSuchElementException when there is no schedule of that name
   */
  void pauseSchedule(String name, boolean paused);

  /**
   * Removes a schedule; the runs it made stay.
   *
   * @throws java.util.NoSuchElementException when there is no schedule of that name
   */
  void removeSchedule(String name);

  /**
   * Fires every tick due at {@code now} of the schedules that are not paused: each schedule in one
   * transaction that makes its runs (key {@code schedule:NAME:TICK}, {@code scheduled_at} the tick)
   * and advances it. One run per tick, whatever the number of processes firing at once.
   *
   * @return what the due ticks did (nothing for a tick another process fired)
   */
  List<dev.flowc.runtime.TickOutcome> fireDueSchedules(Instant now);

  /**
   * Removes the finished runs {@code request} names (their age measured back from {@code now}) with
   * everything they hold, or counts them for a dry run: in transactions of some thousand jobs, each
   * run whole in one of them, or, for a large run, hidden first and then removed in chunks (a
   * removal cut short is finished by the next purge or by {@link #reclaimExpired}). A run with a
   * job that is not final is never removed, nor a run's idempotency key.
   */
  dev.flowc.runtime.PurgeReport purge(dev.flowc.runtime.PurgeRequest request, Instant now);

  /** Everything stored about a job, or empty when there is no such job. */
  Optional<JobView> job(long jobId);

  /**
   * The logs of a job's attempts, oldest first: only attempts that printed or logged something have
   * one; empty when there is no such job.
   */
  List<AttemptLog> logs(long jobId);

  /**
   * A run's jobs in id order (which is the plan's topological order), the items of its fanned-out
   * stages included (after the jobs that existed when they were made).
   */
  List<JobSummary> runJobs(long runId);

  /**
   * A run's jobs in id order without the items of its fanned-out stages: one job per stage (plus
   * jobs enqueued into the run).
   */
  List<JobSummary> runStages(long runId);

  /** The items of the fanned-out stage whose job is {@code stageJobId}, in item order. */
  List<JobSummary> items(long stageJobId);

  /**
   * For each fanned-out stage of a run whose items were made, by the stage's job id: how many of
   * its items are in each state (every state present, in the order of {@link
   * dev.flowc.runtime.JobState}).
   */
  Map<Long, Map<dev.flowc.runtime.JobState, Long>> itemStates(long runId);

  /** A run with its status and counts, or empty when there is no such run. */
  Optional<RunView> run(long runId);

  /** The latest runs, newest first. */
  List<RunView> runs(int limit);

  /** Job counts per state, overall and per queue. */
  Stats stats();

  /** Dead jobs not replayed yet, newest first. */
  List<DeadLetter> deadLetters(int limit);

  /** Concurrency limits of the queues that have one. */
  Map<String, Integer> queueConcurrency();

  /**
   * The rates of the queues that have one ({@code rate N/s|m|h}): at most N job starts (claims) per
   * period across every worker sharing the store.
   */
  default Map<String, dev.flowc.dag.Rate> queueRates() {
    return Map.of();
  }

  /**
   * When the first of {@code queues} (every queue when empty) whose rate has no token left now gets
   * one back; empty when none of them is waiting for a token. A worker that found no job to claim
   * waits until then (at most its poll interval) rather than asking again and again.
   */
  default Optional<Instant> nextTokenAt(Set<String> queues) {
    return Optional.empty();
  }

  /**
   * Whether {@code queues} (all when empty) have a job of {@code runId} (any when null) that is
   * pending, retrying or running.
   */
  boolean hasActiveJobs(Set<String> queues, Long runId);

  /** The earliest {@code run_at} of a job waiting to be retried, if any. */
  Optional<Instant> nextRetryAt(Set<String> queues, Long runId);

  /**
   * Registers {@code worker}, or renews its entry: its heartbeat time, running jobs, queues and
   * threads. A worker calls it when it starts and on every heartbeat.
   */
  void recordWorker(dev.flowc.runtime.WorkerInfo worker);

  /** Removes a worker's entry: it stopped cleanly. */
  void removeWorker(String workerId);

  /**
   * The registered workers whose last heartbeat is at or after {@code since}, by host, pid and id;
   * empty on a store too old to have the registry (read as it is).
   */
  List<dev.flowc.runtime.WorkerInfo> workers(Instant since);

  /** Calls {@code listener} with the events of the changes this store object commits. */
  void addListener(JobListener listener);

  /** Stops calling {@code listener}. */
  void removeListener(JobListener listener);

  /**
   * Calls {@code wakeUp} after every commit that made a job ready in this process (wake-ups, not
   * polls), with the highest priority among those jobs, or {@link Integer#MAX_VALUE} when the
   * commit does not know it.
   */
  void onReady(java.util.function.IntConsumer wakeUp);

  /**
   * Calls {@code check} when another process may have asked a running job to stop, where the store
   * can tell (PostgreSQL's {@code NOTIFY}); elsewhere heartbeats find it (see {@link #heartbeat}).
   * Nothing by default.
   */
  default void onCancelRequested(Runnable check) {}

  /** Waits for pending writes, then closes. */
  @Override
  void close();
}
