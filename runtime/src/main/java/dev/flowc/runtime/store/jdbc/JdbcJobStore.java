package dev.flowc.runtime.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.dag.Plan;
import dev.flowc.runtime.AttemptLog;
import dev.flowc.runtime.DeadLetter;
import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.JobView;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.Stats;
import dev.flowc.runtime.Submitted;
import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.CompletedAndClaimed;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.Lease;
import dev.flowc.runtime.store.NewRun;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link JobStore} over a SQL database: every transition and query written once, run through the
 * backend's transaction strategy. A backend says how a write runs ({@link #call} waits for its
 * commit, {@link #submit} may share a commit with others and completes after it) and how a read
 * runs ({@link #read}); its {@link Dialect} says what SQL differs.
 */
public abstract class JdbcJobStore implements JobStore {
  private final RecentRuns<Optional<String>> baseDirectories = new RecentRuns<>(4_096);
  private final Dialect dialect;
  // Queues whose row this store object saw committed: enqueues of their jobs skip the upsert of
  // the row (a round trip per call on PostgreSQL). Nothing deletes a queue's row.
  private final Set<String> knownQueues = ConcurrentHashMap.newKeySet();

  protected JdbcJobStore(Dialect dialect) {
    this.dialect = dialect;
  }

  /** Runs {@code op} in a write transaction and returns its value once committed. */
  protected abstract <T> T call(WriteOp<T> op);

  /**
   * As {@link #call}, for an op that may run twice with the effect of once (a lease renewal, a
   * reclaim, the workers registry): a backend may run it again when the connection was lost, even
   * if it cannot know whether the first commit happened.
   */
  protected <T> T callIdempotent(WriteOp<T> op) {
    return call(op);
  }

  /**
   * Whether a claim runs in two parts ({@link #claim}): where a transaction's {@code BEGIN} and
   * {@code COMMIT} are round trips of their own, and the claim's first part, most claims, commits
   * lazily by itself ({@link Dialect#lazyClaimSource}). No by default.
   */
  protected boolean claimsInParts() {
    return false;
  }

  /**
   * As {@link #call}, for an op whose commit a crash of the database may forget without harm (a
   * claim: its jobs are ready again, as when their worker is lost): a backend may commit it without
   * waiting for the disk, where that is a choice of the transaction (SQLite; PostgreSQL makes it in
   * the claim's statements, {@link Dialect#lazyClaimSource}).
   */
  protected <T> T callLazily(WriteOp<T> op) {
    return call(op);
  }

  /**
   * Runs {@code op} in a write transaction, possibly shared; the future completes after commit.
   * Every op submitted is guarded by a lease (or by the claim, for a start), so it is idempotent
   * too: run again after a commit whose outcome was lost, it changes nothing and returns false.
   */
  protected abstract <T> CompletableFuture<T> submit(WriteOp<T> op);

  /** Runs {@code op} in a read transaction. */
  protected abstract <T> T read(ReadOp<T> op);

  /**
   * As {@link #call}, for an op whose only write is one statement, atomic by itself, and whose
   * reads need no snapshot shared with it (an {@code enqueueAll} of independent jobs: the ids'
   * sequence, then the rows' {@code COPY}): a backend may run it without a transaction around it,
   * where the {@code BEGIN} and {@code COMMIT} cost round trips of their own. As {@link #call} by
   * default.
   */
  protected <T> T callSingleWrite(WriteOp<T> op) {
    return call(op);
  }

  /**
   * Runs {@code op}, whose statements need not share one snapshot because what they read does not
   * change any more (the results of a job's ended dependencies, the stage a job belongs to): where
   * a snapshot costs round trips of its own, without one. As {@link #read} by default.
   */
  protected <T> T readSettled(ReadOp<T> op) {
    return read(op);
  }

  /** What SQL differs on this store's database. */
  Dialect dialect() {
    return dialect;
  }

  /**
   * Gives the space of rows just deleted back to the file system where the store can (SQLite with
   * incremental vacuum), in short transactions; nothing by default.
   */
  protected void reclaimSpace() {}

  /** The bytes the store's data takes where known (a SQLite file's pages), else -1. */
  protected long bytesInUse() {
    return -1;
  }

  @Override
  public dev.flowc.runtime.PurgeReport purge(dev.flowc.runtime.PurgeRequest request, Instant now) {
    long before = request.dryRun() ? -1 : bytesInUse();
    dev.flowc.runtime.PurgeReport report = RunPurge.purge(this, request, now);
    long after = before < 0 ? -1 : bytesInUse();
    return report.withBytesReclaimed(before < 0 || after < 0 ? -1 : Math.max(0, before - after));
  }

  /** Whether the store has the workers table (an old store read as it is may not). */
  protected boolean hasWorkersTable() {
    return true;
  }

  @Override
  public void recordWorker(dev.flowc.runtime.WorkerInfo worker) {
    callIdempotent(tx -> Workers.record(tx, worker));
  }

  @Override
  public void removeWorker(String workerId) {
    callIdempotent(tx -> Workers.remove(tx, workerId));
  }

  @Override
  public List<dev.flowc.runtime.WorkerInfo> workers(Instant since) {
    if (!hasWorkersTable()) {
      return List.of();
    }
    return read(c -> Workers.live(c, since));
  }

  /** Whether the store has the attempt logs table (an old store read as it is may not). */
  protected boolean hasLogTable() {
    return true;
  }

  /**
   * {@code op}, then, in its transaction, the gates it queued (language version 2: {@link Gates}).
   * The fanned-out stages whose items it ended are looked at once per transaction, when it finishes
   * ({@link WriteTx#finish}); those to look at again after the commit go to the hook of {@link
   * StoreEvents#onUnsettledGroups}, which a backend whose transactions run at once sets to {@link
   * #lookAgain}.
   */
  private static <T> WriteOp<T> gated(WriteOp<T> op) {
    return tx -> {
      T value = op.apply(tx);
      Gates.drainGates(tx);
      return value;
    };
  }

  /** {@link #call} of a transition that may release, end or skip jobs. */
  private <T> T callGated(WriteOp<T> op) {
    return call(gated(op));
  }

  /** {@link #submit} of a transition that may release, end or skip jobs. */
  private <T> CompletableFuture<T> submitGated(WriteOp<T> op) {
    return submit(gated(op));
  }

  // Fanned-out stages a committed transaction saw with items open, to look at again: waiting for
  // a look already queued is enough (it starts after this commit).
  private final Set<Long> lookingAgain = ConcurrentHashMap.newKeySet();

  private static final java.util.concurrent.ExecutorService LOOK_AGAIN =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "flowc-fan-out-settle");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * Settles, in a new transaction, each stage of {@code groups} that has no open item now: two
   * transactions that ended its last two items at once may each have seen the other's item open
   * (see {@link Groups}). A read first, so a stage with items still running costs no write.
   */
  protected final void lookAgain(Set<Long> groups) {
    for (long group : groups) {
      if (!lookingAgain.add(group)) {
        continue;
      }
      LOOK_AGAIN.execute(
          () -> {
            lookingAgain.remove(group);
            try {
              if (read(c -> Groups.isSettleable(c, group))) {
                call(
                    tx -> {
                      tx.groups.add(group);
                      Gates.drain(tx);
                      // Still open: a transaction not committed yet ended the rest, and looks
                      // again itself after its commit.
                      tx.groupsAfterCommit.clear();
                      return null;
                    });
              }
            } catch (RuntimeException e) {
              // A closed or unreachable store: every worker's reclaim timer settles it later.
              java.util.logging.Logger.getLogger(JdbcJobStore.class.getName())
                  .log(java.util.logging.Level.FINE, "cannot settle stage job " + group, e);
            }
          });
    }
  }

  @Override
  public Submitted submitRun(NewRun run) {
    if (run.key() != null) {
      java.util.OptionalLong known = read(c -> RunKeys.find(c, run.key()));
      if (known.isPresent()) {
        return new Submitted(known.getAsLong(), false, run(known.getAsLong()));
      }
    }
    long id;
    try {
      id =
          ChunkedSubmit.isLarge(run.plan())
              ? ChunkedSubmit.submit(this, run)
              : callGated(tx -> JobInserts.createRun(tx, run));
    } catch (RunKeys.Taken taken) {
      // Another submit with this key committed first (or, from the transaction's own check, before
      // it): its run is the answer.
      long first = read(c -> RunKeys.find(c, taken.key)).orElseThrow();
      return new Submitted(first, false, run(first));
    }
    baseDirectories.put(id, Optional.ofNullable(run.baseDirectory()));
    return new Submitted(id, true, Optional.of(run(id).orElseThrow()));
  }

  @Override
  public long enqueue(EnqueueRequest request) {
    return enqueueAll(List.of(request)).get(0);
  }

  @Override
  public List<Long> enqueueAll(List<EnqueueRequest> requests) {
    List<EnqueueRequest> copy = List.copyOf(requests);
    List<Long> ids;
    if (!JobInserts.areIndependent(copy)) {
      ids = call(tx -> JobInserts.enqueueAll(tx, copy, knownQueues));
    } else if (JobInserts.isSingleWrite(copy, knownQueues, dialect.maxJobsWithNewIds())) {
      ids = callSingleWrite(tx -> JobInserts.enqueueIndependent(tx, copy, knownQueues));
    } else {
      ids = call(tx -> JobInserts.enqueueIndependent(tx, copy, knownQueues));
    }
    for (EnqueueRequest request : copy) {
      knownQueues.add(request.queue()); // committed: the row is there
    }
    return ids;
  }

  /**
   * A claim ({@link JobTransitions#claim}), in one transaction that commits lazily ({@link
   * #callLazily}), or where the backend {@link #claimsInParts}, in two: the first part alone is
   * most claims, and a single write, which commits by itself ({@link #callSingleWrite}); the
   * limited queues, when there are, in a transaction of their own.
   */
  @Override
  public List<ClaimedJob> claim(ClaimRequest request) {
    if (!claimsInParts()) {
      return callLazily(tx -> JobTransitions.claim(tx, request, runId -> baseDirectory(tx, runId)));
    }
    JobTransitions.Claimed first =
        callSingleWrite(
            tx -> JobTransitions.claimUnlimited(tx, request, runId -> baseDirectory(tx, runId)));
    if (!JobTransitions.claimsLimitedToo(request, first)) {
      return first.jobs();
    }
    int left = request.limit() - first.jobs().size();
    return JobTransitions.inPriorityOrder(
        first.jobs(),
        callLazily(
            tx ->
                JobTransitions.claimLimited(tx, request, left, runId -> baseDirectory(tx, runId))));
  }

  @Override
  public boolean hasReady(ClaimRequest request) {
    return read(c -> JobQueries.hasReady(c, request));
  }

  @Override
  public CompletableFuture<Boolean> started(Lease lease, Instant at) {
    return submit(tx -> JobTransitions.started(tx, lease, at));
  }

  /**
   * The run's base directory, read the first time in the claiming transaction itself: a write
   * transaction must never wait for another connection.
   */
  private String baseDirectory(WriteTx tx, long runId) {
    Optional<String> known = baseDirectories.get(runId);
    if (known == null) {
      try {
        known = Optional.ofNullable(JobQueries.baseDirectory(tx.connection(), runId));
      } catch (SQLException e) {
        throw dialect.translate(location(), "read", e);
      }
      baseDirectories.put(runId, known);
    }
    return known.orElse(null);
  }

  @Override
  public Map<String, JsonNode> dependencyResults(long jobId) {
    // On every start of a job whose input takes a result: a chain's parent end to child start.
    return readSettled(c -> JobQueries.dependencyResults(c, dialect, jobId));
  }

  @Override
  public Map<String, JsonNode> dependencyResults(ClaimedJob job) {
    if (job.dependencyResults() != null) {
      return JobQueries.claimedResults(job.dependencyResults());
    }
    return dependencyResults(job.id());
  }

  @Override
  public CompletableFuture<Boolean> complete(
      Lease lease, JsonNode result, Instant startedAt, AttemptLog log) {
    String json = result == null ? "null" : JsonText.of(result);
    return submit(new Completion(lease, json, startedAt, AttemptLogs.encode(log)));
  }

  @Override
  public CompletableFuture<CompletedAndClaimed> completeThenClaim(
      Lease lease, JsonNode result, Instant startedAt, AttemptLog log, ClaimRequest next) {
    String json = result == null ? "null" : JsonText.of(result);
    ClaimAfterCompletion claim = new ClaimAfterCompletion(next, this::baseDirectory);
    return submit(new Completion(lease, json, startedAt, AttemptLogs.encode(log), claim))
        .thenApply(applied -> new CompletedAndClaimed(applied, claim.claimed()));
  }

  @Override
  public CompletableFuture<Boolean> fail(
      Lease lease, JobError error, Instant retryAt, Instant startedAt, AttemptLog log) {
    if (log == null) {
      return submitGated(tx -> JobTransitions.fail(tx, lease, error, retryAt, startedAt));
    }
    AttemptLogs.Encoded encoded = AttemptLogs.encode(log);
    return submitGated(
        tx ->
            AttemptLogs.insertIf(
                JobTransitions.fail(tx, lease, error, retryAt, startedAt), tx, lease, encoded));
  }

  @Override
  public CompletableFuture<Boolean> finishCancelled(Lease lease, AttemptLog log) {
    if (log == null) {
      return submitGated(tx -> JobTransitions.finishCancelled(tx, lease));
    }
    AttemptLogs.Encoded encoded = AttemptLogs.encode(log);
    return submitGated(
        tx -> AttemptLogs.insertIf(JobTransitions.finishCancelled(tx, lease), tx, lease, encoded));
  }

  @Override
  public List<AttemptLog> logs(long jobId) {
    if (!hasLogTable()) {
      return List.of();
    }
    return read(c -> AttemptLogs.read(c, jobId));
  }

  @Override
  public CompletableFuture<Boolean> release(Lease lease) {
    return submitGated(tx -> JobTransitions.release(tx, lease));
  }

  @Override
  public CompletableFuture<Boolean> progress(Lease lease, int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("progress must be within 0..100, not " + percent);
    }
    return submit(tx -> JobTransitions.progress(tx, lease, percent));
  }

  @Override
  public Set<Long> heartbeat(String owner, Collection<Lease> leases, Instant until) {
    if (leases.isEmpty()) {
      return Set.of();
    }
    // In id order: transactions that lock the same jobs in one order cannot deadlock.
    List<Lease> copy =
        leases.stream().sorted(java.util.Comparator.comparingLong(Lease::jobId)).toList();
    return callIdempotent(tx -> JobTransitions.heartbeat(tx, copy, until));
  }

  @Override
  public int reclaimExpired(Instant now, int maxReclaims) {
    // Also settles the fanned-out stages whose last item ended in a process that was killed before
    // it could settle them (see Groups).
    int reclaimed =
        callIdempotent(
            tx -> {
              int count = JobTransitions.reclaimExpired(tx, now, maxReclaims);
              Groups.sweep(tx);
              Gates.drain(tx);
              // The stages it found with items still running settle when those end, not here.
              tx.groupsAfterCommit.clear();
              return count;
            });
    // Runs whose submitter died mid-submit go too, each in short transactions.
    for (long runId : callIdempotent(tx -> ChunkedSubmit.abandonExpired(tx, now))) {
      ChunkedSubmit.removeAbandoned(this, runId);
    }
    return reclaimed;
  }

  @Override
  public boolean cancelJob(long jobId) {
    return callGated(tx -> JobTransitions.cancelJob(tx, jobId));
  }

  @Override
  public int cancelRun(long runId) {
    return callGated(tx -> JobTransitions.cancelRun(tx, runId));
  }

  @Override
  public int replay(long jobId) {
    return callGated(tx -> JobTransitions.replay(tx, jobId));
  }

  @Override
  public int reviseRun(long runId, Plan plan) {
    return call(tx -> RunRevisions.revise(tx, runId, plan));
  }

  /**
   * Whether the store has the columns of language version 2 (fan-out, conditions); an old store
   * read as it is may not.
   */
  protected boolean hasVersion2Columns() {
    return true;
  }

  @Override
  public List<dev.flowc.runtime.ScheduleView> deploy(
      String pipeline, List<dev.flowc.runtime.ScheduledPlan> schedules, Instant now) {
    List<dev.flowc.runtime.ScheduledPlan> copy = List.copyOf(schedules);
    call(tx -> Schedules.deploy(tx, pipeline, copy, now));
    return schedules().stream().filter(s -> s.pipeline().equals(pipeline)).toList();
  }

  @Override
  public List<dev.flowc.runtime.ScheduleView> schedules() {
    if (!hasKeyColumns()) {
      return List.of();
    }
    return read(c -> Schedules.list(c, dialect.runsView()));
  }

  @Override
  public void pauseSchedule(String name, boolean paused) {
    call(tx -> Schedules.pause(tx, name, paused));
  }

  @Override
  public void removeSchedule(String name) {
    call(tx -> Schedules.remove(tx, name));
  }

  @Override
  public List<dev.flowc.runtime.TickOutcome> fireDueSchedules(Instant now) {
    // A read first: a poll that finds nothing due costs no write transaction.
    List<String> due = read(c -> Schedules.due(c, now));
    List<dev.flowc.runtime.TickOutcome> outcomes = new java.util.ArrayList<>();
    for (String name : due) {
      outcomes.addAll(callGated(tx -> Schedules.fire(tx, name, now)));
    }
    return outcomes;
  }

  /**
   * Whether the store has run keys and schedules (schema version 6); an old store read as it is may
   * not.
   */
  protected boolean hasKeyColumns() {
    return true;
  }

  @Override
  public Optional<JobView> job(long jobId) {
    return read(c -> JobQueries.job(c, jobId, hasVersion2Columns()));
  }

  @Override
  public List<JobSummary> runJobs(long runId) {
    return read(c -> JobQueries.runJobs(c, runId, hasVersion2Columns()));
  }

  @Override
  public List<JobSummary> runStages(long runId) {
    return read(c -> JobQueries.runStages(c, runId, hasVersion2Columns()));
  }

  @Override
  public List<JobSummary> items(long stageJobId) {
    if (!hasVersion2Columns()) {
      return List.of();
    }
    return read(c -> JobQueries.items(c, stageJobId));
  }

  @Override
  public Map<Long, Map<dev.flowc.runtime.JobState, Long>> itemStates(long runId) {
    if (!hasVersion2Columns()) {
      return Map.of();
    }
    return read(c -> JobQueries.itemStates(c, runId));
  }

  @Override
  public Optional<RunView> run(long runId) {
    return read(c -> JobQueries.run(c, runId, dialect.runsView(), hasKeyColumns()));
  }

  @Override
  public List<RunView> runs(int limit) {
    return read(c -> JobQueries.runs(c, limit, dialect.runsView(), hasKeyColumns()));
  }

  @Override
  public Stats stats() {
    return read(JobQueries::stats);
  }

  @Override
  public List<DeadLetter> deadLetters(int limit) {
    return read(c -> JobQueries.deadLetters(c, limit));
  }

  @Override
  public Map<String, Integer> queueConcurrency() {
    return read(JobQueries::queueConcurrency);
  }

  /** Whether the store has the columns of unique keys and queue rates (schema version 7). */
  protected boolean hasRateColumns() {
    return true;
  }

  @Override
  public Map<String, dev.flowc.dag.Rate> queueRates() {
    if (!hasRateColumns()) {
      return Map.of();
    }
    Map<String, dev.flowc.dag.Rate> rates = new java.util.TreeMap<>();
    read(RateBuckets::all)
        .forEach(
            (queue, bucket) ->
                rates.put(
                    queue,
                    new dev.flowc.dag.Rate(
                        bucket.limit(), java.time.Duration.ofMillis(bucket.periodMs()))));
    return rates;
  }

  @Override
  public Optional<Instant> nextTokenAt(Set<String> queues) {
    if (!hasRateColumns()) {
      return Optional.empty();
    }
    long now = clock().millis();
    Optional<Instant> next = Optional.empty();
    for (RateBuckets.Bucket bucket : read(RateBuckets::all).values()) {
      if (!queues.isEmpty() && !queues.contains(bucket.queue())) {
        continue;
      }
      Optional<Instant> at = bucket.nextTokenAfter(now);
      if (at.isPresent() && (next.isEmpty() || at.get().isBefore(next.get()))) {
        next = at;
      }
    }
    return next;
  }

  @Override
  public boolean hasActiveJobs(Set<String> queues, Long runId) {
    return read(c -> JobQueries.hasActiveJobs(c, queues, runId));
  }

  @Override
  public Optional<Instant> nextRetryAt(Set<String> queues, Long runId) {
    return read(c -> JobQueries.nextRetryAt(c, queues, runId));
  }
}
