package dev.flowc.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.dag.Plan;
import dev.flowc.runtime.handler.HandlerRegistry;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.NewRun;
import dev.flowc.runtime.store.StoreOptions;
import dev.flowc.runtime.store.Stores;
import dev.flowc.runtime.worker.OutputCapture;
import dev.flowc.runtime.worker.WorkerPool;
import dev.flowc.runtime.worker.WorkerSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeoutException;

/**
 * The embedding API: a durable job queue over a store, which runs job DAGs and single jobs.
 *
 * <pre>{@code
 * try (FlowRuntime runtime = FlowRuntime.builder().sqlite(Path.of("jobs.db")).open();
 *     Worker worker = runtime.startWorker(WorkerOptions.of(4))) {
 *   RunView run = runtime.submit(plan);
 *   RunView done = runtime.awaitRun(run.id(), Duration.ofMinutes(1));
 *   JsonNode loaded = runtime.awaitResult(runtime.jobs(run.id()).get(3).id(), Duration.ZERO);
 * }
 * }</pre>
 *
 * <p>Several runtimes (in one or several processes) may share one store; every job is then run by
 * one of their workers at a time. A runtime is thread-safe. Closing it stops its workers gracefully
 * and closes the store.
 */
public final class FlowRuntime implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(50);

  private final JobStore store;
  private final HandlerRegistry handlers;
  private final WorkerSettings settings;
  private final ObjectMapper mapper = new ObjectMapper();
  private final List<WorkerPool> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<ScheduleFirer> firers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<RetentionTimer> retentionTimers =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private final boolean readOnly;

  private FlowRuntime(
      JobStore store, HandlerRegistry handlers, WorkerSettings settings, boolean readOnly) {
    this.store = store;
    this.handlers = handlers;
    this.settings = settings;
    this.readOnly = readOnly;
  }

  /** A builder; name the store with {@link Builder#sqlite} or {@link Builder#store}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Where the store is, for messages. */
  public String storeLocation() {
    return store.location();
  }

  /** The handlers workers of this runtime call. */
  public HandlerRegistry handlers() {
    return handlers;
  }

  /** Submits a plan as a new run; its jobs without dependencies are ready at once. */
  public RunView submit(Plan plan) {
    return submit(plan, SubmitOptions.DEFAULT);
  }

  /**
   * Submits a plan as a new run, with options. With a key ({@link SubmitOptions#key()}) already
   * used in the store, it creates nothing and returns the first run with that key.
   *
   * @throws NoSuchElementException when the key's first run was purged (see {@link #submitRun})
   */
  public RunView submit(Plan plan, SubmitOptions options) {
    Objects.requireNonNull(plan, "plan");
    return store.createRun(newRun(plan, options));
  }

  /**
   * As {@link #submit(Plan, SubmitOptions)}, saying whether it made the run or found the first run
   * of its key (which may have been purged since: then only its id is known).
   */
  public Submitted submitRun(Plan plan, SubmitOptions options) {
    Objects.requireNonNull(plan, "plan");
    return store.submitRun(newRun(plan, options));
  }

  private static NewRun newRun(Plan plan, SubmitOptions options) {
    Path base = options.baseDirectory();
    return new NewRun(plan, base == null ? null : base.toAbsolutePath().normalize().toString())
        .withKey(options.key());
  }

  /**
   * Enqueues one job, {@code blocked} until the jobs it depends on complete.
   *
   * @return the job's id
   * @throws NoSuchElementException when a dependency or the run does not exist
   */
  public long enqueue(EnqueueRequest request) {
    return store.enqueue(request);
  }

  /**
   * Enqueues many jobs in one transaction: all of them, or none when one is refused. Much faster
   * than one {@link #enqueue} per job (one commit, one batched insert); a caller with millions of
   * jobs passes them in chunks of some thousands, each chunk then atomic on its own.
   *
   * @return the jobs' ids, in the order of {@code requests}
   * @throws NoSuchElementException when a dependency or a run does not exist: nothing is stored
   */
  public List<Long> enqueueAll(List<EnqueueRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    if (requests.isEmpty()) {
      return List.of();
    }
    return store.enqueueAll(requests);
  }

  /** Everything stored about a job: state, progress, attempts, dependencies, errors, result. */
  public Optional<JobView> job(long jobId) {
    return store.job(jobId);
  }

  /**
   * What a job's attempts printed and logged, oldest attempt first; attempts that wrote nothing
   * have no entry (see docs/runtime.md, "Handler output").
   */
  public List<AttemptLog> jobLogs(long jobId) {
    return store.logs(jobId);
  }

  /**
   * A run's jobs in topological order, with the items of its fanned-out stages (after the jobs that
   * existed when they were made).
   */
  public List<JobSummary> jobs(long runId) {
    return store.runJobs(runId);
  }

  /**
   * A run's jobs without the items of its fanned-out stages: one per stage, in topological order. A
   * fanned-out stage's job says how many items it made ({@link JobSummary#items()}).
   */
  public List<JobSummary> stages(long runId) {
    return store.runStages(runId);
  }

  /** The items of the fanned-out stage whose job is {@code stageJobId}, in item order. */
  public List<JobSummary> items(long stageJobId) {
    return store.items(stageJobId);
  }

  /**
   * For each fanned-out stage of a run whose items were made, by its job's id: how many items are
   * in each state.
   */
  public java.util.Map<Long, java.util.Map<JobState, Long>> itemStates(long runId) {
    return store.itemStates(runId);
  }

  /** The run with its status and counts, or empty when there is no such run. */
  public Optional<RunView> run(long runId) {
    return store.run(runId);
  }

  /** The latest {@code limit} runs, newest first. */
  public List<RunView> runs(int limit) {
    return store.runs(limit);
  }

  /** Job counts per state and per queue. */
  public Stats stats() {
    return store.stats();
  }

  /** The newest {@code limit} dead jobs not replayed yet. */
  public List<DeadLetter> deadLetters(int limit) {
    return store.deadLetters(limit);
  }

  /**
   * Replays a dead job: it gets a new retry budget and becomes {@code pending}, and the dependents
   * cancelled because of it go back to {@code blocked}, so the run resumes where it stopped.
   *
   * @return how many dependents were restored
   * @throws NoSuchElementException when there is no such job
   * @throws IllegalStateException when the job is not dead
   */
  public int retry(long jobId) {
    return store.replay(jobId);
  }

  /**
   * Replays every dead job of a run (see {@link #retry(long)}).
   *
   * @return how many jobs were replayed
   */
  public int replayRun(long runId) {
    run(runId).orElseThrow(() -> new NoSuchElementException("no run " + runId));
    int replayed = 0;
    for (JobSummary job : store.runJobs(runId)) {
      // A fanned-out stage dead of its items comes back with them: they are replayed one by one.
      if (job.state() == JobState.DEAD && !job.isFannedOut()) {
        store.replay(job.id());
        replayed++;
      }
    }
    return replayed;
  }

  /**
   * Gives a run new settings, from its pipeline compiled again with other params (or a fixed file):
   * every job that has not completed takes its stage's handler, queue, priority, retries, backoff,
   * timeout, input, metadata and description from {@code plan}, and the plan's params become the
   * run's. Completed jobs keep theirs and their results. Dead jobs stay dead: {@link
   * #replayRun(long)} then runs them with the new settings.
   *
   * @return how many jobs were changed
   * @throws NoSuchElementException when there is no such run
   * @throws IllegalArgumentException when the plan's pipeline, stages or dependencies are not the
   *     run's: nothing is changed
   * @throws IllegalStateException when a job of the run is running: nothing is changed
   */
  public int reviseRun(long runId, Plan plan) {
    return store.reviseRun(runId, plan);
  }

  /**
   * Cancels a job and its dependents. A running job is asked to stop: {@link
   * JobContext#isCancelled()} turns true and its thread is interrupted.
   *
   * @return false when the job was already final
   */
  public boolean cancel(long jobId) {
    boolean changed = store.cancelJob(jobId);
    if (changed) {
      workers.forEach(worker -> worker.cancelLocally(jobId));
    }
    return changed;
  }

  /**
   * Cancels every job of a run that is not final.
   *
   * @return how many jobs were cancelled or asked to stop
   */
  public int cancelRun(long runId) {
    int count = store.cancelRun(runId);
    workers.forEach(WorkerPool::checkCancellations);
    return count;
  }

  /**
   * Waits for a job's result.
   *
   * @param timeout how long to wait; {@link Duration#ZERO} to look once
   * @return the result as JSON ({@code NullNode} for a handler that returned null)
   * @throws JobFailedException when the job is dead or cancelled, with its last error
   * @throws TimeoutException when it is not final in time
   */
  public JsonNode awaitResult(long jobId, Duration timeout)
      throws JobFailedException, TimeoutException, InterruptedException {
    JobView job = awaitFinal(jobId, timeout);
    if (job.state() == JobState.COMPLETE) {
      return job.result() == null ? mapper.nullNode() : job.result();
    }
    JobError last = job.errors().isEmpty() ? null : job.errors().get(job.errors().size() - 1);
    String message =
        job.state() == JobState.CANCELLED
            ? "job %d (%s) was cancelled%s"
                .formatted(
                    job.id(),
                    job.summary().stage(),
                    job.summary().cancelledBy() == null
                        ? ""
                        : " because job " + job.summary().cancelledBy() + " did not complete")
            : "job %d (%s) is dead after %d attempts: %s"
                .formatted(
                    job.id(),
                    job.summary().stage(),
                    job.summary().attempts(),
                    last == null ? "no error recorded" : last.describe());
    throw new JobFailedException(
        jobId,
        job.state(),
        job.state() == JobState.DEAD && last != null ? last.errorClass() : null,
        message);
  }

  /** Waits for a job's result and converts it to {@code type} (see {@link #awaitResult}). */
  public <T> T awaitResult(long jobId, Duration timeout, Class<T> type)
      throws JobFailedException, TimeoutException, InterruptedException {
    return mapper.convertValue(awaitResult(jobId, timeout), type);
  }

  /**
   * Waits until a run is final (complete, failed or cancelled).
   *
   * @throws TimeoutException when it is still running after {@code timeout}
   */
  public RunView awaitRun(long runId, Duration timeout)
      throws TimeoutException, InterruptedException {
    return awaitCondition(
        event -> Objects.equals(event.runId(), runId) && !event.isProgress(),
        () -> run(runId).orElseThrow(() -> new NoSuchElementException("no run " + runId)),
        run -> run.status().isFinal(),
        timeout,
        "run " + runId + " is still running");
  }

  private JobView awaitFinal(long jobId, Duration timeout)
      throws TimeoutException, InterruptedException {
    return awaitCondition(
        event -> event.jobId() == jobId && !event.isProgress(),
        () -> job(jobId).orElseThrow(() -> new NoSuchElementException("no job " + jobId)),
        job -> job.state().isFinal(),
        timeout,
        "job " + jobId + " is not finished");
  }

  /** Re-reads with {@code read} until {@code done}, woken by the {@code relevant} events. */
  private <T> T awaitCondition(
      java.util.function.Predicate<JobEvent> relevant,
      java.util.function.Supplier<T> read,
      java.util.function.Predicate<T> done,
      Duration timeout,
      String timeoutMessage)
      throws TimeoutException, InterruptedException {
    Object signal = new Object();
    JobListener wake =
        event -> {
          if (relevant.test(event)) {
            synchronized (signal) {
              signal.notifyAll();
            }
          }
        };
    store.addListener(wake);
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        T value = read.get();
        if (done.test(value)) {
          return value;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(timeoutMessage + " after " + timeout);
        }
        synchronized (signal) {
          // Events from this process wake us at once; other processes' changes are polled.
          long waitNanos = Math.min(left, POLL.toNanos());
          signal.wait(Math.max(1, waitNanos / 1_000_000));
        }
      }
    } finally {
      store.removeListener(wake);
    }
  }

  /**
   * Starts a worker pool in this process. Close it (or the runtime) to stop it.
   *
   * @throws IllegalStateException when the store is open {@linkplain Builder#readOnly() read-only}
   */
  public Worker startWorker(WorkerOptions options) {
    if (readOnly) {
      throw new IllegalStateException(
          "store '" + store.location() + "' is open read-only: a worker cannot claim jobs");
    }
    OutputCapture.Installation capture = settings.captureOutput() ? OutputCapture.install() : null;
    WorkerPool pool =
        new WorkerPool(
            store,
            handlers,
            settings,
            options,
            stopped -> {
              workers.remove(stopped);
              if (capture != null) {
                capture.close();
              }
            });
    workers.add(pool);
    try {
      pool.start();
    } catch (RuntimeException | Error e) {
      pool.close();
      throw e;
    }
    return pool;
  }

  /**
   * Stores {@code schedules} as the schedules of {@code pipeline} (see {@link JobStore#deploy}),
   * from the runtime's now.
   */
  public List<ScheduleView> deploy(String pipeline, List<ScheduledPlan> schedules) {
    return deploy(pipeline, schedules, now());
  }

  /** As {@link #deploy(String, List)}, at {@code now} (a clock moved for a demonstration). */
  public List<ScheduleView> deploy(String pipeline, List<ScheduledPlan> schedules, Instant now) {
    return store.deploy(pipeline, schedules, now);
  }

  /** Every deployed schedule, by name. */
  public List<ScheduleView> schedules() {
    return store.schedules();
  }

  /**
   * Pauses or resumes a schedule.
   *
   * @throws NoSuchElementException when there is no schedule of that name
   */
  public void pauseSchedule(String name, boolean paused) {
    store.pauseSchedule(name, paused);
  }

  /**
   * Removes a schedule; its runs stay.
   *
   * @throws NoSuchElementException when there is no schedule of that name
   */
  public void removeSchedule(String name) {
    store.removeSchedule(name);
  }

  /**
   * Fires the schedules' ticks due at {@code now}: one run per tick, whatever the number of
   * processes doing the same at once.
   */
  public List<TickOutcome> fireDueSchedules(Instant now) {
    return store.fireDueSchedules(now);
  }

  /**
   * Fires due schedule ticks now, then every {@code interval} in a thread of its own, until closed
   * (or the runtime is).
   *
   * @param clock what "now" is for the schedules; {@code null} for the runtime's clock (the
   *     database's on PostgreSQL). Tests and demonstrations move it.
   * @param listener told of each tick fired or skipped by this process
   */
  public ScheduleFirer startScheduleFirer(
      Clock clock, Duration interval, java.util.function.Consumer<TickOutcome> listener) {
    if (readOnly) {
      throw new IllegalStateException(
          "store '" + store.location() + "' is open read-only: schedules cannot be fired");
    }
    ScheduleFirer firer =
        new ScheduleFirer(store, clock == null ? settings.clock() : clock, interval, listener);
    firers.add(firer);
    firer.start();
    return firer;
  }

  /**
   * Receives events of jobs changed by this process.
   *
   * @return closing it unsubscribes
   */
  public AutoCloseable subscribe(JobListener listener) {
    store.addListener(listener);
    return () -> store.removeListener(listener);
  }

  /**
   * Removes the finished runs {@code request} names, with everything they hold (jobs, results,
   * error history, logs, dependencies, fan-out items, dead letters), or counts them for a dry run.
   * Ages are measured back from the store's clock. It works in short transactions while workers go
   * on: each run goes whole or not at all, a run with a job that is not final is never touched, and
   * a run's idempotency key stays (see docs/runtime.md, "Retention").
   *
   * @return what was removed, or would be
   */
  public PurgeReport purge(PurgeRequest request) {
    Objects.requireNonNull(request, "request");
    return store.purge(request, store.clock().instant());
  }

  /**
   * Applies {@code retention} in the background until the returned handle is closed (or this
   * runtime is): a purge every {@link Retention#every()}, each told to {@code removed} when it
   * removed a run, and to {@code failed} when it failed (the next one tries again).
   */
  public AutoCloseable startRetention(
      Retention retention,
      java.util.function.Consumer<PurgeReport> removed,
      java.util.function.Consumer<RuntimeException> failed) {
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(removed, "removed");
    Objects.requireNonNull(failed, "failed");
    RetentionTimer timer = new RetentionTimer(this, retention, removed, failed);
    retentionTimers.add(timer);
    return () -> {
      retentionTimers.remove(timer);
      timer.close();
    };
  }

  /**
   * Puts jobs whose worker lost its lease back to {@code pending} now (workers also do it on their
   * own, every lease period).
   *
   * @return how many jobs were reclaimed or made dead
   */
  public int reclaimExpiredLeases() {
    return store.reclaimExpired(settings.clock().instant(), settings.maxReclaims());
  }

  /** The time the runtime uses. */
  public Instant now() {
    return settings.clock().instant();
  }

  /**
   * The workers of every process sharing the store that are live: registered when they started,
   * with a heartbeat within the last three lease durations (a worker that stopped cleanly is gone;
   * one that crashed drops out once its heartbeats are that old). By host, pid and id.
   */
  public List<WorkerInfo> workers() {
    return store.workers(
        settings.clock().instant().minus(settings.leaseDuration().multipliedBy(3)));
  }

  /** Stops this runtime's workers gracefully, then closes the store. */
  @Override
  public void close() {
    for (ScheduleFirer firer : List.copyOf(firers)) {
      firer.close();
    }
    for (RetentionTimer timer : List.copyOf(retentionTimers)) {
      timer.close();
    }
    for (WorkerPool worker : List.copyOf(workers)) {
      worker.close();
    }
    store.close();
  }

  /** Opens a {@link FlowRuntime}. */
  public static final class Builder {
    private JobStore store;
    private Path sqliteFile;
    private String storeString;
    private StoreOptions storeOptions = StoreOptions.defaults();
    private HandlerRegistry handlers;
    private Clock clock;
    private Duration leaseDuration = Duration.ofSeconds(30);
    private Duration heartbeatInterval;
    private Duration pollInterval = Duration.ofMillis(50);
    private int maxReclaims = 3;
    private Random random = new Random();
    private boolean captureOutput = true;

    private Builder() {}

    /** A SQLite store in {@code file}, created on first use. */
    public Builder sqlite(Path file) {
      this.sqliteFile = file;
      this.storeString = null;
      return this;
    }

    /** A SQLite store in {@code file}, created on first use, with a sync mode. */
    public Builder sqlite(Path file, SyncMode syncMode) {
      sqlite(file);
      this.storeOptions = storeOptions.withSyncMode(syncMode);
      return this;
    }

    /**
     * The store a string names: a {@code jdbc:postgresql:} URL is a PostgreSQL database (its schema
     * created or migrated on first use), anything else the path of a SQLite file. {@link #open}
     * throws {@link IllegalArgumentException} for a URL of another database.
     */
    public Builder store(String store) {
      this.storeString = Objects.requireNonNull(store, "store");
      this.sqliteFile = null;
      return this;
    }

    /**
     * A file whose first line is the PostgreSQL password, used when neither the URL, {@code
     * PGPASSWORD} nor libpq's password file ({@code ~/.pgpass} or {@code PGPASSFILE}) has one.
     */
    public Builder passwordFile(Path passwordFile) {
      this.storeOptions = storeOptions.withPasswordFile(passwordFile);
      return this;
    }

    /**
     * Opens the store read-only: it must exist, nothing is created, migrated or written, and a
     * SQLite file can be read on a read-only file system. Every call that writes then throws {@link
     * StoreException}, and {@link #startWorker} an {@code IllegalStateException}.
     */
    public Builder readOnly() {
      this.storeOptions = storeOptions.withReadOnly(true);
      return this;
    }

    /**
     * How long an operation on the SQLite store waits for a lock held by another process before it
     * fails with a {@link StoreException} (30 s by default; zero fails at once).
     */
    public Builder lockTimeout(Duration lockTimeout) {
      if (lockTimeout.isNegative()) {
        throw new IllegalArgumentException("the lock timeout must not be negative: " + lockTimeout);
      }
      this.storeOptions = storeOptions.withLockTimeout(lockTimeout);
      return this;
    }

    /**
     * How long a PostgreSQL store keeps running again, with backoff, what may safely run twice
     * (reads, a worker's outcomes and lease renewals) while its database is out of reach, and how
     * long a worker keeps claiming while claims fail (on either store), before they give up: the
     * operation fails with a {@link StoreException}, the worker stops ({@link
     * Worker#storeFailure()}). 30 s by default; zero gives up at the first failure.
     */
    public Builder reconnectTimeout(Duration reconnectTimeout) {
      if (reconnectTimeout.isNegative()) {
        throw new IllegalArgumentException(
            "the reconnect timeout must not be negative: " + reconnectTimeout);
      }
      this.storeOptions = storeOptions.withReconnectTimeout(reconnectTimeout);
      return this;
    }

    /**
     * Told when an operation on the SQLite store has waited {@link LockWaitListener#NOTICE_AFTER}
     * for a lock held by another process (nobody by default).
     */
    public Builder onLockWait(LockWaitListener listener) {
      this.storeOptions = storeOptions.withLockWaitListener(Objects.requireNonNull(listener));
      return this;
    }

    /** A store opened elsewhere; the runtime closes it. */
    public Builder store(JobStore store) {
      this.store = store;
      return this;
    }

    /** The handlers workers call; the built-ins only by default. */
    public Builder handlers(HandlerRegistry handlers) {
      this.handlers = handlers;
      return this;
    }

    /**
     * The time source for scheduling, backoff and leases (tests use a settable one); the store's
     * own by default ({@link JobStore#clock()}: the database's for PostgreSQL).
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How long a claim lasts without a heartbeat (30 s by default). */
    public Builder leaseDuration(Duration leaseDuration) {
      this.leaseDuration = leaseDuration;
      return this;
    }

    /** How often workers renew their leases (a third of the lease by default). */
    public Builder heartbeatInterval(Duration heartbeatInterval) {
      this.heartbeatInterval = heartbeatInterval;
      return this;
    }

    /** How often an idle worker looks for work other processes made ready (50 ms by default). */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /** After how many lost leases a job is dead (3 by default). */
    public Builder maxReclaims(int maxReclaims) {
      this.maxReclaims = maxReclaims;
      return this;
    }

    /** The source of backoff jitter. */
    public Builder random(Random random) {
      this.random = random;
      return this;
    }

    /**
     * Whether what handlers print to {@code System.out} and {@code System.err} goes to their
     * attempt's log (true by default). While a worker runs, both streams are then replaced by ones
     * that send a write made on a thread running a handler (or a thread it started) to that log,
     * and every other write to the stream they replaced. Turn it off when the application owns the
     * streams; {@link JobContext#logger()} records either way.
     */
    public Builder captureOutput(boolean captureOutput) {
      this.captureOutput = captureOutput;
      return this;
    }

    /**
     * Opens the store (creating or migrating it, unless {@link #readOnly()}) and the runtime.
     *
     * @throws StoreException when the store cannot be opened
     */
    public FlowRuntime open() {
      JobStore opened = store;
      if (opened == null) {
        if (sqliteFile != null) {
          opened = Stores.sqlite(sqliteFile, storeOptions, clock);
        } else if (storeString != null) {
          opened = Stores.open(storeString, storeOptions, clock);
        } else {
          throw new IllegalStateException(
              "no store: call sqlite(path), store(string) or store(jobStore)");
        }
      }
      Duration heartbeat =
          heartbeatInterval != null ? heartbeatInterval : leaseDuration.dividedBy(3);
      WorkerSettings settings =
          new WorkerSettings(
              clock != null ? clock : opened.clock(),
              leaseDuration,
              heartbeat,
              pollInterval,
              maxReclaims,
              random,
              captureOutput,
              storeOptions.reconnectTimeout());
      return new FlowRuntime(
          opened,
          handlers != null ? handlers : HandlerRegistry.builtins(),
          settings,
          store == null && storeOptions.readOnly());
    }
  }
}
