package dev.flowc.runtime.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.runtime.AttemptLog;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.NonRetryableException;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.Worker;
import dev.flowc.runtime.WorkerOptions;
import dev.flowc.runtime.handler.HandlerRegistry;
import dev.flowc.runtime.handler.ResolvedHandler;
import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.Lease;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A worker in this process: a dispatcher thread claims ready jobs in batches (up to the free
 * threads plus a prefetch), starts them on handler threads within the per-queue limits, and records
 * each outcome through the store's group commit. A timer renews leases, fires hard timeouts,
 * notices cancellations requested elsewhere, and reclaims jobs whose worker died.
 */
public final class WorkerPool implements Worker {
  private static final Logger LOG = Logger.getLogger(WorkerPool.class.getName());

  /** The wait after a failed claim, times the failures in a row (up to 10). */
  private static final long CLAIM_RETRY_MILLIS = 100;

  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final int MAX_CLAIM = 512;

  /** How much work an automatic prefetch holds, in handler time per thread. */
  static final double AUTO_PREFETCH_HORIZON_NANOS = 20_000_000; // 20 ms

  private static final Duration LIMITS_REFRESH = Duration.ofSeconds(5);
  private static final int STACK_TRACE_LIMIT = 16_000;
  private static final String TIMEOUT_ERROR = "flowc.Timeout";

  /** How often the starts of running jobs are written, unless their outcome came first. */
  private static final long START_WRITE_MILLIS = 100;

  private final JobStore store;
  private final HandlerRegistry handlers;
  private final WorkerSettings settings;
  private final WorkerOptions options;
  // The automatic prefetch, from the average handler time (see prefetch()).
  private volatile double averageJobNanos = -1;
  private volatile int autoPrefetch;
  private final Consumer<WorkerPool> onClose;
  private final String id;
  private final ObjectMapper mapper = new ObjectMapper();

  private final Map<Long, Execution> inFlight = new ConcurrentHashMap<>();
  // Claimed jobs not started yet, by priority then claim order (Execution.START_ORDER), so a job
  // claimed later but of a higher priority starts before those already waiting. Lock-free:
  // handler threads take from it after every job, and on a machine with more runnable threads than
  // cores a thread that blocks on a lock waits a whole scheduling round (10-200 ms seen) to get it.
  private final ConcurrentSkipListSet<Execution> buffer =
      new ConcurrentSkipListSet<>(Execution.START_ORDER);
  private final AtomicLong claimed = new AtomicLong();
  private final Map<String, AtomicInteger> runningPerQueue = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong processed = new AtomicLong();
  private final Set<CompletableFuture<Boolean>> pendingWrites = ConcurrentHashMap.newKeySet();
  private final AtomicReference<StoreException> storeFailure = new AtomicReference<>();
  // Started jobs whose start is not written yet: the timer writes those still running, and an
  // outcome recorded first carries its start itself, so a short job costs no write for it.
  private final java.util.Queue<Execution> unwrittenStarts =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final Set<Long> leftRunning = ConcurrentHashMap.newKeySet();

  private final Object signal = new Object();
  private boolean signalled;
  private volatile boolean stopping;
  private volatile boolean closed;
  private volatile Map<String, Integer> limits = Map.of();
  // The queues with a rate (read with limits): claimed on their own (see claimMore).
  private volatile Set<String> rated = Set.of();
  private volatile long limitsReadAt;
  // By queue with a rate: no claim of it before then, when its bucket gets a token back (at most a
  // poll interval ahead). The dispatcher's alone.
  private final Map<String, Instant> waitingForToken = new java.util.HashMap<>();
  // The queues of the jobs this worker claimed so far (by the dispatcher, or after a completion).
  private final Set<String> queuesSeen = ConcurrentHashMap.newKeySet();
  // The highest priority made ready in this process since the dispatcher last looked, and when it
  // last read the store for jobs above its buffer (for those made ready elsewhere, or by the
  // clock).
  private final AtomicInteger readyPriority = new AtomicInteger(Integer.MIN_VALUE);
  private long aboveCheckedAt;
  // Counts what may have made a job ready since a claim found none: a commit of this process that
  // made one ready, an announcement from another process, a reclaim (see claimMore).
  private final AtomicLong readySignals = new AtomicLong();
  // The dispatcher's: the count before its last claim, when that claim came back short with no
  // queue of a limit or a rate in play (-1 otherwise), and when it began.
  private long drainedAtSignal = -1;
  private long drainedAtNanos;
  private volatile Instant startedAt;

  private final ExecutorService handlerThreads;
  private final ScheduledExecutorService timer;
  private final Thread dispatcher;

  /**
   * Starts a pool; {@link dev.flowc.runtime.FlowRuntime#startWorker} is the way to get one.
   *
   * @param onClose called once when the pool has stopped
   */
  public WorkerPool(
      JobStore store,
      HandlerRegistry handlers,
      WorkerSettings settings,
      WorkerOptions options,
      Consumer<WorkerPool> onClose) {
    this.store = store;
    this.handlers = handlers;
    this.settings = settings;
    this.options = options;
    this.autoPrefetch = options.threads() * 4; // until jobs were timed: the former default
    this.onClose = onClose;
    this.id = hostAndPid() + ":" + POOLS.incrementAndGet();
    this.handlerThreads = Executors.newCachedThreadPool(threads("flowc-job-"));
    this.timer = Executors.newSingleThreadScheduledExecutor(threads("flowc-timer-"));
    this.dispatcher = new Thread(this::dispatch, "flowc-dispatcher-" + id);
    dispatcher.setDaemon(true);
  }

  /** Starts claiming. */
  public void start() {
    store.onReady(
        priority -> {
          readyPriority.accumulateAndGet(priority, Math::max);
          readySignals.incrementAndGet();
          wake();
        });
    store.onCancelRequested(
        () -> {
          if (!inFlight.isEmpty()) {
            checkCancellations();
          }
        });
    long heartbeat = settings.heartbeatInterval().toMillis();
    timer.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    startedAt = settings.clock().instant();
    timer.scheduleWithFixedDelay(this::recordWorker, 0, heartbeat, TimeUnit.MILLISECONDS);
    long lease = settings.leaseDuration().toMillis();
    timer.scheduleWithFixedDelay(this::reclaim, 0, Math.max(100, lease / 2), TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(
        this::writeStarts, START_WRITE_MILLIS, START_WRITE_MILLIS, TimeUnit.MILLISECONDS);
    dispatcher.start();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public long processed() {
    return processed.get();
  }

  @Override
  public Optional<StoreException> storeFailure() {
    return Optional.ofNullable(storeFailure.get());
  }

  @Override
  public Set<Long> jobsLeftRunning() {
    return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(leftRunning));
  }

  /** A job of this process was cancelled through the API: stop it now, without a heartbeat. */
  public void cancelLocally(long jobId) {
    Execution execution = inFlight.get(jobId);
    if (execution != null) {
      execution.cancelRequested = true;
      execution.interrupt();
      wake();
    }
  }

  /** Looks for cancellations at once (a run was cancelled through the API). */
  public void checkCancellations() {
    if (!closed) {
      timer.execute(this::heartbeat);
    }
  }

  @Override
  public boolean awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (inFlight.isEmpty() && !store.hasActiveJobs(options.queues(), options.runId())) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      // Not a sleep for a condition: the loop polls the store, whose changes by other processes
      // cannot signal us.
      synchronized (signal) {
        signal.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
      }
    }
  }

  private void wake() {
    synchronized (signal) {
      signalled = true;
      signal.notifyAll();
    }
  }

  // --- dispatching ---------------------------------------------------------------------------

  private void dispatch() {
    int failures = 0;
    long failingSince = 0;
    while (!stopping && storeFailure.get() == null) {
      boolean claimedAny;
      long claimStart = System.nanoTime();
      try {
        claimedAny = claimMore();
        failures = 0;
      } catch (RuntimeException e) {
        // The store failed (busy beyond its retries, disk full, a lost connection): a failed claim
        // loses nothing, so keep the jobs in hand, wait, and claim again, for a while. A worker
        // that stopped claiming without a word would look alive for ever: past the limit it stops
        // and says why (storeFailure).
        if (failures++ == 0) {
          failingSince = claimStart; // a claim may take the store's connect timeout to fail
        }
        LOG.log(
            Level.FINE,
            "worker " + id + " cannot claim jobs (failure " + failures + "), trying again: " + e,
            e);
        // How long claims may keep failing before the worker gives up (see storeFailure).
        Duration limit = settings.claimFailureLimit();
        if (System.nanoTime() - failingSince >= limit.toNanos()) {
          failed(
              "cannot claim jobs: claims have failed for %s"
                  .formatted(
                      limit.toMillis() % 1_000 == 0
                          ? limit.toSeconds() + " s"
                          : limit.toMillis() + " ms"),
              e,
              null);
          break;
        }
        startBuffered();
        pause(CLAIM_RETRY_MILLIS * Math.min(failures, 10));
        continue;
      }
      startBuffered();
      if (!claimedAny) {
        idle(idleMillis());
      }
    }
  }

  /** Waits {@code millis} unless the pool is closing. */
  private void pause(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (signal) {
      for (long left = millis; left > 0 && !stopping; ) {
        try {
          signal.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopping = true;
        }
        left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      }
    }
  }

  /**
   * How long the dispatcher waits for a wake-up when it found nothing to claim: the poll interval,
   * or less when a queue with a rate gets a token back sooner.
   */
  private long idleMillis() {
    long millis = settings.pollInterval().toMillis();
    if (drainedAtSignal >= 0) {
      // A poll is due a poll interval after the claim that found nothing more, whatever woke the
      // dispatcher in between (see claimMore).
      long since = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainedAtNanos);
      millis = Math.max(1, Math.min(millis, millis - since));
    }
    long now = settings.clock().millis();
    for (Instant until : waitingForToken.values()) {
      // One already past was looked at by the claim just before (or its queue lost its rate).
      if (until.toEpochMilli() > now) {
        millis = Math.min(millis, until.toEpochMilli() - now);
      }
    }
    return millis;
  }

  private void idle(long millis) {
    synchronized (signal) {
      if (!signalled && !stopping) {
        try {
          signal.wait(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopping = true;
        }
      }
      signalled = false;
    }
  }

  /**
   * How many claimed jobs this worker holds beyond its free threads: the options' prefetch, or with
   * {@link WorkerOptions#AUTO_PREFETCH} as many as its threads start in about {@link
   * #AUTO_PREFETCH_HORIZON_NANOS} at the job time seen so far, between 4 per thread and the largest
   * claim. Short jobs then come in claims of hundreds (a claim costs a transaction, which sets the
   * pace of no-op jobs), while long jobs are not hoarded by one worker when other workers (other
   * machines) could start them now.
   */
  private int prefetch() {
    if (options.prefetch() != WorkerOptions.AUTO_PREFETCH) {
      return options.prefetch();
    }
    return autoPrefetch;
  }

  /**
   * How many jobs the threads start within {@link #AUTO_PREFETCH_HORIZON_NANOS} at the average job
   * time seen so far, without the prefetch's floor; none before a job has run.
   */
  private int startsWithinHorizon() {
    double average = averageJobNanos;
    if (average < 0) {
      return 0;
    }
    return (int)
        Math.min(
            MAX_CLAIM, options.threads() * AUTO_PREFETCH_HORIZON_NANOS / Math.max(1.0, average));
  }

  /** Whether job {@code jobId} was claimed and waits in this worker's buffer (for tests). */
  boolean isBuffered(long jobId) {
    return buffer.stream().anyMatch(execution -> execution.job.id() == jobId);
  }

  /** The prefetch {@link #prefetch()} uses now (for tests). */
  int effectivePrefetch() {
    return prefetch();
  }

  /** Folds one handler's time (input conversion included) into the average job time. */
  private void learnJobTime(long nanos) {
    if (options.prefetch() != WorkerOptions.AUTO_PREFETCH) {
      return;
    }
    // A moving average over about the last 64 jobs; threads racing on it lose an update at worst.
    double average = averageJobNanos;
    average = average < 0 ? nanos : average + (nanos - average) / 64.0;
    averageJobNanos = average;
    int floor = options.threads() * 4;
    int ceiling = Math.max(floor, MAX_CLAIM - options.threads());
    double fits = options.threads() * (AUTO_PREFETCH_HORIZON_NANOS / Math.max(1.0, average));
    autoPrefetch = (int) Math.max(floor, Math.min(ceiling, fits));
  }

  /** Claims up to the free capacity; true when it got any job. */
  private boolean claimMore() {
    int held = held();
    int capacity = options.threads() + prefetch() - held;
    // With outcomes waiting beyond their allowance, the places come back as they commit: claim
    // when half of them are back, not a few jobs per transaction.
    if (capacity <= 0 || (capacity < refillAt() && (!bufferEmpty() || held > inFlight.size()))) {
      return claimAboveBuffered();
    }
    if (drainedAtSignal >= 0
        && readySignals.get() == drainedAtSignal
        && System.nanoTime() - drainedAtNanos < settings.pollInterval().toNanos()) {
      // The last claim took every ready job it could see, and nothing was made ready since as far
      // as this process can tell: a thread going idle, or an outcome committed, is no reason to
      // claim again before the poll. Such claims all found nothing: at 100 two-job chains a
      // second a worker made 3.8 claims per chain with them, 1.3 without, each a statement.
      return false;
    }
    drainedAtSignal = -1;
    long signalsBefore = readySignals.get();
    long claimStart = System.nanoTime();
    Map<String, Integer> limits = limits();
    Set<String> rated = this.rated;
    Instant now = settings.clock().instant();
    Instant leaseUntil = now.plus(settings.leaseDuration());
    Set<String> limited = new HashSet<>();
    boolean any = false;
    Set<String> special = new java.util.TreeSet<>(limits.keySet());
    special.addAll(rated);
    waitingForToken.keySet().retainAll(rated);
    for (String queue : special) {
      if (!options.queues().isEmpty() && !options.queues().contains(queue)) {
        continue;
      }
      limited.add(queue);
      int free = capacity;
      Integer limit = limits.get(queue);
      if (limit != null) {
        // A limited queue is claimed only up to its free slots, so none of its jobs wait in the
        // buffer marked running while others of the queue run.
        free = Math.min(free, limit - inFlightOf(queue));
      }
      if (rated.contains(queue)) {
        Instant until = waitingForToken.get(queue);
        if (until != null && now.isBefore(until)) {
          continue;
        }
        waitingForToken.remove(queue);
        // A job of a queue with a rate is claimed for a free thread, and beyond that only for what
        // the threads start within the prefetch's horizon (20 ms) at the job time seen so far: its
        // claim (which takes a token) is then its start, as near as can be, and a worker does not
        // hold tokens that another worker's idle threads could use. Claiming for free threads
        // alone cost no-op jobs of a rate that never binds five sixths of their throughput.
        free = Math.min(free, options.threads() - inFlightOf(queue) + startsWithinHorizon());
      }
      if (free > 0) {
        List<ClaimedJob> jobs =
            store.claim(
                new ClaimRequest(
                    id, Set.of(queue), Set.of(), options.runId(), free, now, leaseUntil));
        capacity -= jobs.size();
        any |= accept(jobs);
        if (rated.contains(queue) && jobs.size() < free) {
          // Short: maybe no token left. Not again before one is back (nor for a poll interval).
          Instant poll = now.plus(settings.pollInterval());
          store
              .nextTokenAt(Set.of(queue))
              .ifPresent(at -> waitingForToken.put(queue, at.isBefore(poll) ? at : poll));
        }
      }
    }
    if (capacity > 0) {
      ClaimRequest request = unlimitedQueues(limited, Math.min(capacity, MAX_CLAIM), now);
      if (request != null) {
        List<ClaimedJob> jobs = store.claim(request);
        any |= accept(jobs);
        // Short, with no queue of a limit or a rate claimed apart (their claims may come back short
        // for want of a free slot or a token, which no announcement tells): nothing more is ready.
        if (jobs.size() < request.limit() && limited.isEmpty()) {
          drainedAtSignal = signalsBefore;
          drainedAtNanos = claimStart;
        }
      }
    }
    return any;
  }

  /**
   * The request for jobs of the queues without a concurrency limit that this worker serves, or
   * {@code null} when it serves none.
   */
  private ClaimRequest unlimitedQueues(Set<String> limited, int limit, Instant now) {
    Set<String> queues = new HashSet<>(options.queues());
    queues.removeAll(limited);
    if (!options.queues().isEmpty() && queues.isEmpty()) {
      return null;
    }
    return new ClaimRequest(
        id,
        queues,
        options.queues().isEmpty() ? limited : Set.of(),
        options.runId(),
        limit,
        now,
        now.plus(settings.leaseDuration()));
  }

  /**
   * With the buffer full, claims the ready jobs of a priority above the lowest buffered one and
   * gives back as many of the lowest buffered jobs as it took beyond the capacity: a job that
   * became ready must start before every job of a lower priority that has not started here, however
   * many the prefetch holds. It looks when this process made a job of a higher priority ready, and
   * once per poll interval otherwise (other processes, retries whose time came); a read of the
   * store comes first, so nothing of a higher priority being ready costs no write. A read on every
   * wake-up cost a DAG of equal priorities a fifth of its throughput. Limited queues need none of
   * this: they are claimed only up to their free slots, so none of their jobs waits in the buffer.
   */
  private boolean claimAboveBuffered() {
    int readied = readyPriority.getAndSet(Integer.MIN_VALUE);
    Execution lowest;
    try {
      lowest = buffer.last();
    } catch (java.util.NoSuchElementException e) {
      return false;
    }
    long now = System.nanoTime();
    if (readied <= lowest.job.priority()
        && now - aboveCheckedAt < settings.pollInterval().toNanos()) {
      return false;
    }
    aboveCheckedAt = now;
    Set<String> limited = new HashSet<>(limits().keySet());
    limited.addAll(rated);
    ClaimRequest request =
        unlimitedQueues(
            limited,
            Math.min(options.threads() + prefetch(), MAX_CLAIM),
            settings.clock().instant());
    if (request == null) {
      return false;
    }
    request = request.above(lowest.job.priority());
    if (!store.hasReady(request)) {
      return false;
    }
    List<ClaimedJob> jobs = store.claim(request);
    accept(jobs);
    int lowestClaimed = Integer.MAX_VALUE;
    for (ClaimedJob job : jobs) {
      lowestClaimed = Math.min(lowestClaimed, job.priority());
    }
    while (inFlight.size() > options.threads() + prefetch()) {
      Execution last = buffer.pollLast();
      if (last == null) {
        break;
      }
      if (last.job.priority() >= lowestClaimed) {
        buffer.add(last); // Only lower priorities make way: stay a little over capacity instead.
        break;
      }
      if (last.take()) {
        finishWithoutRunning(last);
      }
    }
    return !jobs.isEmpty();
  }

  /**
   * How many free places make a claim worth its transaction while claimed jobs still wait in the
   * buffer. Claiming as soon as one place is free would take one or two jobs per transaction under
   * load, and the transactions, not the jobs, would then set the pace.
   */
  private int refillAt() {
    return Math.max(1, (options.threads() + prefetch()) / 2);
  }

  /**
   * Whether the dispatcher should claim now: nothing left to start (and no outcomes waiting beyond
   * their allowance), or half the places free.
   */
  private boolean claimDue() {
    int held = held();
    return (bufferEmpty() && held == inFlight.size())
        || options.threads() + prefetch() - held >= refillAt();
  }

  /**
   * The places taken: by the jobs claimed and not finished, and by the outcomes the store has not
   * committed yet beyond an allowance of twice the places (the threads plus the prefetch). The
   * allowance lets claims go on while earlier outcomes commit, as a store's pace wants (counting
   * every outcome slowed a drain of no-op jobs by about a third); beyond it, a worker whose
   * outcomes commit slower than its handlers end (a slow or stalled database) claims no more until
   * they do, rather than run thousands of jobs whose outcomes wait in a queue while their leases,
   * which nothing renews once the handler ended, run out and other workers run them again.
   */
  private int held() {
    int places = options.threads() + prefetch();
    return inFlight.size() + Math.max(0, pendingWrites.size() - 2 * places);
  }

  private boolean bufferEmpty() {
    return buffer.isEmpty();
  }

  private int inFlightOf(String queue) {
    int count = 0;
    for (Execution execution : inFlight.values()) {
      if (execution.job.queue().equals(queue)) {
        count++;
      }
    }
    return count;
  }

  private Map<String, Integer> limits() {
    long now = System.nanoTime();
    if (limitsReadAt == 0 || now - limitsReadAt > LIMITS_REFRESH.toNanos()) {
      limits = store.queueConcurrency();
      rated = store.queueRates().keySet();
      limitsReadAt = now;
    }
    return limits;
  }

  private boolean accept(List<ClaimedJob> jobs) {
    for (ClaimedJob job : jobs) {
      if (queuesSeen.add(job.queue())) {
        // A queue new to this worker may have a limit or a rate that the last read did not know
        // (a plan submitted since): read them again before the next claim, not in 5 s.
        limitsReadAt = 0;
      }
      Execution execution = new Execution(job, claimed.incrementAndGet());
      inFlight.put(job.id(), execution);
      buffer.add(execution);
    }
    return !jobs.isEmpty();
  }

  /**
   * Starts buffered jobs on new handler threads, in start order, while threads and limits allow.
   */
  private void startBuffered() {
    Execution execution;
    while (!stopping && storeFailure.get() == null && (execution = takeStartable()) != null) {
      Execution first = execution;
      handlerThreads.execute(() -> work(first));
    }
  }

  /**
   * Takes the first buffered job that a free thread may start within its queue's limit, and counts
   * it as running; {@code null} when there is none or no thread is free. Places are reserved with
   * compare-and-set, so two threads never take the last free place or the same job.
   */
  private Execution takeStartable() {
    if (!reserve(running, options.threads())) {
      return null;
    }
    for (Iterator<Execution> it = buffer.iterator(); it.hasNext(); ) {
      Execution execution = it.next();
      String queue = execution.job.queue();
      Integer limit = limits.get(queue);
      AtomicInteger queueRunning = runningPerQueue.computeIfAbsent(queue, q -> new AtomicInteger());
      if (!reserve(queueRunning, limit == null ? Integer.MAX_VALUE : limit)) {
        continue;
      }
      if (execution.take()) {
        it.remove();
        return execution;
      }
      queueRunning.decrementAndGet(); // another thread took it first
    }
    running.decrementAndGet();
    return null;
  }

  /** Adds one to {@code count} if it is below {@code limit}. */
  private static boolean reserve(AtomicInteger count, int limit) {
    while (true) {
      int current = count.get();
      if (current >= limit) {
        return false;
      }
      if (count.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /**
   * A handler thread's loop: runs a job, then takes the next buffered one itself. Handing each job
   * to a thread through the dispatcher cost two thread wake-ups per job, more CPU than a no-op
   * job's database work; the dispatcher is now woken only when a claim is due or a thread goes
   * idle.
   */
  private void work(Execution first) {
    Execution execution = first;
    while (execution != null) {
      execute(execution);
      if (stopping || storeFailure.get() != null) {
        break;
      }
      execution = takeStartable();
      if (execution != null && claimDue()) {
        wake();
      }
    }
    wake();
  }

  // --- running one job -----------------------------------------------------------------------

  private void execute(Execution execution) {
    ClaimedJob job = execution.job;
    if (!execution.start()) {
      return;
    }
    if (execution.cancelRequested || execution.stopping) {
      finishWithoutRunning(execution);
      return;
    }
    Instant startedAt = settings.clock().instant();
    if (!recordStart(execution, startedAt)) {
      execution.stopping = true; // given back, not run: not counted as processed
      finishWithoutRunning(execution);
      return;
    }
    java.util.concurrent.ScheduledFuture<?> timeout = null;
    Instant deadline = null;
    AttemptOutput output = new AttemptOutput(settings.clock(), StandardCharsets.UTF_8);
    if (job.timeoutMs() != null) {
      deadline = startedAt.plusMillis(job.timeoutMs());
      timeout =
          timer.schedule(() -> timeOut(execution, output), job.timeoutMs(), TimeUnit.MILLISECONDS);
    }
    long began = System.nanoTime();
    try {
      ResolvedHandler handler = handlers.resolve(job.handler());
      JsonNode input = input(job);
      Object typed = convertInput(input, handler);
      WorkerJobContext context =
          new WorkerJobContext(execution, store, parse(job.metadata()), deadline, id, output);
      Object result;
      OutputCapture.enter(output);
      try {
        result = handler.handler().handle(typed, context);
      } finally {
        OutputCapture.leave();
      }
      JsonNode resultJson = mapper.valueToTree(result);
      execution.detach();
      if (execution.finish()) {
        // A released attempt does not count and its number comes again: it keeps no log.
        AttemptLog log = output.close(job.attempt());
        record(
            execution,
            () ->
                execution.cancelRequested
                    ? finishCancelled(execution, log)
                    : execution.stopping
                        ? store.release(job.lease())
                        : complete(execution, resultJson, log),
            false);
      }
    } catch (Throwable failure) {
      execution.detach();
      if (execution.finish()) {
        AttemptLog log = output.close(job.attempt());
        if (execution.cancelRequested) {
          record(execution, () -> finishCancelled(execution, log), false);
        } else if (execution.stopping) {
          record(execution, () -> store.release(job.lease()), false);
        } else {
          record(execution, () -> recordFailure(execution, failure, log), false);
        }
      }
      if (failure instanceof Error error && !(failure instanceof StackOverflowError)) {
        LOG.log(Level.SEVERE, "job " + job.id() + " threw an Error", error);
      }
    } finally {
      if (timeout != null) {
        timeout.cancel(false);
      }
      output.close(job.attempt()); // Whoever recorded the outcome, later output goes elsewhere.
      learnJobTime(System.nanoTime() - began);
      Thread.interrupted(); // An interrupt aimed at this job must not reach the next one.
    }
  }

  /**
   * Records a job complete. When nothing claimed waits to start here, the completion also claims,
   * in its own transaction, for this worker's free places, if it made jobs of its queues ready
   * ({@link JobStore#completeThenClaim}): a child then starts here once its parent's completion
   * committed, without the dispatcher's wake-up and a claim of its own after the commit (a chain's
   * step took a wake-up and two round trips more). With jobs buffered, the dispatcher claims in
   * bulk as before; queues with a limit or a rate are always its.
   */
  private CompletableFuture<Boolean> complete(
      Execution execution, JsonNode result, AttemptLog log) {
    ClaimedJob job = execution.job;
    Instant startedAt = execution.takeUnwrittenStart();
    int places = placesToClaimAfter();
    ClaimRequest next = places == 0 ? null : claimAfterRequest(places);
    if (next == null) {
      return store.complete(job.lease(), result, startedAt, log);
    }
    return store
        .completeThenClaim(job.lease(), result, startedAt, log, next)
        .thenApply(
            done -> {
              if (!done.claimed().isEmpty()) {
                takeClaimedAfter(done.claimed());
              }
              return done.applied();
            });
  }

  /**
   * How many jobs a completion may claim after it: this worker's free threads, counting the one
   * whose job is being completed, within its free places; none when jobs wait in the buffer or the
   * worker is stopping. Threads, not the prefetch: the claim is for what starts now, and a claim of
   * hundreds in the completion's transaction held the child back until all of them were written
   * (one worker process, 1,000 chains a second: p50 12-13 ms against 5-6 ms). Nothing is reserved:
   * the dispatcher may claim for the same places meanwhile, so a worker may hold a few jobs more
   * than its threads and prefetch for a moment; the store makes one claim, the largest, of the
   * requests of one worker in a transaction.
   */
  private int placesToClaimAfter() {
    if (stopping || storeFailure.get() != null || !bufferEmpty()) {
      return 0;
    }
    int freeThreads = options.threads() - running.get() + 1;
    int freePlaces = options.threads() + prefetch() - held() + 1;
    return Math.max(0, Math.min(freeThreads, freePlaces));
  }

  /**
   * The claim of a completion for {@code places}: the queues this worker serves that had no limit
   * and no rate at the dispatcher's last look (the store skips any that has one now), or {@code
   * null} when it serves only such queues.
   */
  private ClaimRequest claimAfterRequest(int places) {
    Set<String> limited = new HashSet<>(limits.keySet());
    limited.addAll(rated);
    return unlimitedQueues(limited, places, settings.clock().instant());
  }

  /**
   * Takes the jobs a completion claimed: into the buffer, and started at once on free threads, or
   * given back when the worker is stopping.
   */
  private void takeClaimedAfter(List<ClaimedJob> jobs) {
    accept(jobs);
    if (stopping || storeFailure.get() != null) {
      // close() may have emptied the buffer already: these go back now.
      Execution execution;
      while ((execution = buffer.pollFirst()) != null) {
        if (execution.take()) {
          finishWithoutRunning(execution);
        }
      }
      return;
    }
    startBuffered();
  }

  /**
   * Notes that the handler starts now, so the attempt's duration counts from here and a lost lease
   * from then on counts against the reclaim cap. The start is written with the job's outcome, or by
   * the timer within {@value #START_WRITE_MILLIS} ms if the job still runs; a separate write per
   * job would cost the writer a fifth of its throughput. The exception is a job claimed before and
   * given back or lost (more claims than attempts): its start is written, and waited for, before
   * the handler runs. If its handler kills the process at once, before any write, the loss must
   * count from the second time on, or such a job would be reclaimed for ever.
   *
   * @return false when the handler must not run: the store failed, or this worker is stopping
   */
  private boolean recordStart(Execution execution, Instant at) {
    execution.startedAt = at;
    ClaimedJob job = execution.job;
    if (job.lease().claim() <= job.attempt()) {
      unwrittenStarts.add(execution);
      return storeFailure.get() == null;
    }
    execution.takeUnwrittenStart();
    try {
      store.started(job.lease(), at).join();
    } catch (java.util.concurrent.CompletionException
        | java.util.concurrent.CancellationException e) {
      failed("cannot record the start of job " + describe(job), e, null);
      return false;
    }
    return storeFailure.get() == null && !execution.stopping;
  }

  /** The timer's task: writes the starts of the jobs still running that have none written. */
  private void writeStarts() {
    Execution execution;
    while ((execution = unwrittenStarts.poll()) != null) {
      Instant at = execution.takeUnwrittenStart();
      if (at != null) {
        ClaimedJob job = execution.job;
        store
            .started(job.lease(), at)
            .whenComplete(
                (applied, error) -> {
                  if (error != null) {
                    failed("cannot record the start of job " + describe(job), error, null);
                  }
                });
      }
    }
  }

  /** Records a cancelled job, with its start if that is not written yet. */
  private CompletableFuture<Boolean> finishCancelled(Execution execution, AttemptLog log) {
    Instant startedAt = execution.takeUnwrittenStart();
    if (startedAt != null) {
      store.started(execution.job.lease(), startedAt); // before it, in the same writer queue
    }
    return store.finishCancelled(execution.job.lease(), log);
  }

  private void finishWithoutRunning(Execution execution) {
    if (execution.finish()) {
      Lease lease = execution.job.lease();
      record(
          execution,
          () -> execution.cancelRequested ? store.finishCancelled(lease) : store.release(lease));
    }
  }

  private JsonNode input(ClaimedJob job) throws JsonProcessingException {
    JsonNode input = parseJson(job.input());
    if (ResultResolver.mayNeedResolving(job.input())) {
      input = ResultResolver.resolve(input, store.dependencyResults(job));
    }
    return input;
  }

  private Object convertInput(JsonNode input, ResolvedHandler handler) {
    if (handler.inputType().getRawClass() == JsonNode.class) {
      return input;
    }
    try {
      return mapper.convertValue(input, handler.inputType());
    } catch (IllegalArgumentException e) {
      // Another attempt would get the same input: fail for good.
      throw new NonRetryableException(
          "the input does not fit %s's input type %s: %s"
              .formatted(
                  handler.name(),
                  handler.inputType().getRawClass().getSimpleName(),
                  firstLine(e.getMessage())),
          e);
    }
  }

  /** Parses stored JSON; the common empty object without a parser. */
  private JsonNode parseJson(String json) throws JsonProcessingException {
    return json.equals("{}") ? mapper.createObjectNode() : mapper.readTree(json);
  }

  private JsonNode parse(String json) {
    try {
      return parseJson(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored metadata does not parse", e);
    }
  }

  private void timeOut(Execution execution, AttemptOutput output) {
    if (!execution.finish()) {
      return;
    }
    // What the handler printed until now is kept with the failure (taken before the interrupt,
    // which ends the handler and its capture); what it prints later goes to the process's stream.
    AttemptLog log = output.close(execution.job.attempt());
    execution.timedOut = true;
    execution.interrupt();
    ClaimedJob job = execution.job;
    Duration limit = Duration.ofMillis(job.timeoutMs());
    Throwable error =
        new java.util.concurrent.TimeoutException(
            "attempt %d timed out after %s".formatted(job.attempt(), human(limit)));
    // The slot is freed now, even if the handler ignores the interrupt; its late result is
    // discarded because the lease no longer matches.
    record(execution, () -> recordFailure(execution, TIMEOUT_ERROR, error, log));
  }

  private CompletableFuture<Boolean> recordFailure(
      Execution execution, Throwable failure, AttemptLog log) {
    Throwable cause = unwrap(failure);
    return recordFailure(execution, cause.getClass().getName(), failure, log);
  }

  private CompletableFuture<Boolean> recordFailure(
      Execution execution, String errorClass, Throwable failure, AttemptLog log) {
    ClaimedJob job = execution.job;
    Throwable cause = unwrap(failure);
    boolean retryable = !(failure instanceof NonRetryableException);
    Instant now = settings.clock().instant();
    JobError error =
        new JobError(
            job.attempt(),
            errorClass,
            String.valueOf(cause.getMessage()),
            stackTrace(failure),
            now,
            id);
    Instant retryAt = null;
    if (retryable && job.attempt() < job.maxAttempts()) {
      long delay = BackoffDelays.delayMs(job.backoff(), job.attemptInBudget(), settings.random());
      retryAt = now.plusMillis(delay);
    }
    return store.fail(job.lease(), error, retryAt, execution.takeUnwrittenStart(), log);
  }

  private static Throwable unwrap(Throwable failure) {
    if (failure instanceof NonRetryableException
        && failure.getCause() != null
        && failure.getMessage() == null) {
      return failure.getCause();
    }
    return failure;
  }

  private void record(Execution execution, Supplier<CompletableFuture<Boolean>> outcome) {
    record(execution, outcome, true);
  }

  /**
   * Sends the job's outcome to the store and frees its place. The job counts as processed before
   * the outcome is sent: the store may commit it on this thread, and whoever waits for the run to
   * end (and then reads {@link #processed}) may wake before this method returns.
   *
   * @param wake whether to wake the dispatcher; a handler thread recording its own job does not,
   *     since it takes the next job itself (see {@link #work})
   */
  private void record(
      Execution execution, Supplier<CompletableFuture<Boolean>> outcome, boolean wake) {
    boolean released =
        !execution.cancelRequested
            && !execution.timedOut
            && (execution.stopping || !execution.started());
    if (!released) {
      processed.incrementAndGet();
    }
    CompletableFuture<Boolean> write = outcome.get();
    pendingWrites.add(write);
    write.whenComplete(
        (applied, error) -> {
          if (error != null) {
            failed(
                "cannot record the outcome of job " + describe(execution.job),
                error,
                execution.job.id());
          }
          // Last: close() waits for the set to empty, so jobsLeftRunning is complete by then.
          pendingWrites.remove(write);
          if (closed || claimDue()) {
            wake(); // a place counted by held() is free again
          }
        });
    inFlight.remove(execution.job.id());
    if (execution.started()) {
      running.decrementAndGet();
      runningPerQueue.get(execution.job.queue()).decrementAndGet();
    }
    if (wake) {
      wake();
    }
  }

  // --- timer tasks -----------------------------------------------------------------------------

  private void heartbeat() {
    try {
      if (inFlight.isEmpty()) {
        return;
      }
      List<Lease> leases = new ArrayList<>();
      for (Execution execution : inFlight.values()) {
        leases.add(execution.job.lease());
      }
      Instant until = settings.clock().instant().plus(settings.leaseDuration());
      for (long jobId : store.heartbeat(id, leases, until)) {
        cancelLocally(jobId);
      }
    } catch (RuntimeException e) {
      // The store retried a busy lock for long already; without heartbeats the leases expire and
      // other workers take the jobs, so this worker stops rather than run them twice.
      failed("cannot renew the leases of its running jobs", e, null);
    }
  }

  /** Registers this worker in the store, or renews its entry (the workers registry). */
  private void recordWorker() {
    try {
      List<Long> running = new ArrayList<>(inFlight.keySet());
      java.util.Collections.sort(running);
      store.recordWorker(
          new dev.flowc.runtime.WorkerInfo(
              id,
              HOST,
              ProcessHandle.current().pid(),
              options.queues().stream().sorted().toList(),
              options.threads(),
              startedAt,
              settings.clock().instant(),
              running));
    } catch (RuntimeException e) {
      // The registry is for people looking; the jobs' own writes say when the store fails.
      LOG.log(Level.FINE, "worker " + id + " cannot renew its entry in the workers registry", e);
    }
  }

  private void reclaim() {
    try {
      if (store.reclaimExpired(settings.clock().instant(), settings.maxReclaims()) > 0) {
        readySignals.incrementAndGet();
        wake();
      }
    } catch (RuntimeException e) {
      failed("cannot reclaim the jobs of lost workers", e, null);
    }
  }

  // --- store failures ------------------------------------------------------------------------

  /**
   * The store could not record something: the first failure stops claiming and starting jobs, and
   * is kept for {@link #storeFailure()}, whose caller tells the user (one line, not a log with a
   * stack trace per job).
   *
   * @param jobId the job whose outcome was not recorded (it stays running in the store), or null
   */
  private void failed(String what, Throwable error, Long jobId) {
    Throwable cause =
        error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause()
            : error;
    if (jobId != null) {
      leftRunning.add(jobId);
    }
    StoreException failure =
        new StoreException(what + ": " + firstLine(String.valueOf(cause.getMessage())), cause);
    if (storeFailure.compareAndSet(null, failure)) {
      LOG.log(Level.FINE, "worker " + id + " stops: " + failure.getMessage(), cause);
      wake();
    }
  }

  private static String describe(ClaimedJob job) {
    return job.id() + " (" + job.stage() + ")";
  }

  // --- shutdown ------------------------------------------------------------------------------

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    stopping = true;
    wake();
    try {
      dispatcher.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Claimed but never started: straight back to pending.
    Execution neverStarted;
    while ((neverStarted = buffer.pollFirst()) != null) {
      if (neverStarted.take()) {
        finishWithoutRunning(neverStarted);
      }
    }
    // After a store failure the running jobs' outcomes cannot be recorded either: no grace.
    awaitRunning(storeFailure.get() == null ? options.shutdownGrace() : Duration.ZERO);
    for (Execution execution : inFlight.values()) {
      execution.stopping = true;
      execution.interrupt();
    }
    awaitRunning(Duration.ofSeconds(2));
    // Handlers that ignore interrupts: give their jobs back anyway; a late result is discarded.
    for (Execution execution : List.copyOf(inFlight.values())) {
      finishWithoutRunning(execution);
    }
    // Failed writes are in storeFailure and jobsLeftRunning once their callbacks ran.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!pendingWrites.isEmpty() && System.nanoTime() < deadline) {
      synchronized (signal) {
        try {
          signal.wait(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (!pendingWrites.isEmpty()) {
      LOG.log(Level.FINE, "worker " + id + " stopped before every outcome was recorded");
    }
    timer.shutdownNow();
    try {
      // A renewal still running must not put the entry back after it is removed.
      timer.awaitTermination(5, TimeUnit.SECONDS);
      store.removeWorker(id);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "worker " + id + " cannot remove its entry from the registry", e);
    }
    handlerThreads.shutdownNow();
    onClose.accept(this);
  }

  private void awaitRunning(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
      synchronized (signal) {
        try {
          signal.wait(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static String stackTrace(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    String trace = text.toString();
    return trace.length() <= STACK_TRACE_LIMIT ? trace : trace.substring(0, STACK_TRACE_LIMIT);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String human(Duration duration) {
    long ms = duration.toMillis();
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }

  private static String hostAndPid() {
    return HOST + ":" + ProcessHandle.current().pid();
  }

  // Read once: a name lookup can be slow on a machine without DNS.
  private static final String HOST = hostName();

  private static String hostName() {
    String host = System.getenv("HOSTNAME");
    if (host != null && !host.isBlank()) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
