package dev.flowc.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowc.dag.Backoff;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobEvent;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.Worker;
import dev.flowc.runtime.WorkerOptions;
import dev.flowc.runtime.handler.BuiltinHandlers;
import dev.flowc.runtime.store.sqlite.SqliteJobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * How fast the runtime queues and runs jobs on a SQLite file store, with the built-in no-op
 * handler. Each measurement has its own fresh store in a temporary directory, on disk (not in
 * memory), with the sync mode asked for:
 *
 * <ol>
 *   <li><b>enqueue</b>: {@code jobs} single jobs through {@link SqliteJobStore#enqueueAll}, {@value
 *       #ENQUEUE_BATCH} per call (one transaction each), {@value #ENQUEUE_RUNS} times on fresh
 *       stores, reporting the median (the phase takes about a second, so a burst of other work on
 *       the machine would otherwise decide it); and the same number as one plan, submitted in one
 *       transaction.
 *   <li><b>throughput</b>: a worker runs that plan's {@code jobs} independent no-op jobs; the clock
 *       runs from the worker's start to the commit of the last completion.
 *   <li><b>latency</b>: {@code jobs / 10} two-job plans (parent, then child), {@value #WINDOW} in
 *       flight at a time; for each, the time from the parent's completion being committed to the
 *       child's claim being committed, taken with {@link System#nanoTime()} in a job listener.
 *   <li><b>memory</b>: a DAG of {@code jobs} no-op jobs in layers (each job depends on two of the
 *       layer before); while a worker runs it, every {@value #SAMPLE_MS} ms the heap used after a
 *       full GC and the process's resident set ({@code VmRSS}) are sampled, and the peaks kept.
 * </ol>
 *
 * A warm-up (a smaller run of the same phases on a scratch store) runs first, so the JIT has
 * compiled the hot paths; its figures are discarded.
 */
public final class RuntimeBenchmark {
  static final int ENQUEUE_BATCH = 1_000;
  static final int ENQUEUE_RUNS = 3;
  static final int WINDOW = 4;
  static final int SAMPLE_MS = 250;
  private static final int DAG_WIDTH = 1_000;
  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(10);

  /**
   * What to measure.
   *
   * @param jobs how many jobs the enqueue, throughput and memory phases use ({@code jobs / 10}
   *     chains for latency)
   * @param syncModes the sync modes to measure, each with its own stores
   * @param threads the worker's handler threads
   * @param prefetch how many claimed jobs the worker may hold beyond its free threads
   * @param warmUp whether to run a discarded warm-up first
   */
  public record Settings(
      int jobs, List<SyncMode> syncModes, int threads, int prefetch, boolean warmUp) {
    public static final int DEFAULT_JOBS = 100_000;
    public static final int DEFAULT_THREADS = 4;
    public static final int DEFAULT_PREFETCH = 512;

    public Settings {
      if (jobs < 100) {
        throw new IllegalArgumentException("--jobs must be at least 100, not " + jobs);
      }
      syncModes = List.copyOf(syncModes);
      if (syncModes.isEmpty()) {
        throw new IllegalArgumentException("no sync mode to measure");
      }
      // A valid worker, or the exception that says why not.
      new WorkerOptions(java.util.Set.of(), threads, prefetch, null, Duration.ofSeconds(10));
    }

    /** 100,000 jobs, NORMAL then FULL, 4 threads with a prefetch of 512, with a warm-up. */
    public static Settings defaults() {
      return new Settings(
          DEFAULT_JOBS,
          List.of(SyncMode.NORMAL, SyncMode.FULL),
          DEFAULT_THREADS,
          DEFAULT_PREFETCH,
          true);
    }

    public Settings withJobs(int jobs) {
      return new Settings(jobs, syncModes, threads, prefetch, warmUp);
    }

    public Settings withSyncModes(List<SyncMode> syncModes) {
      return new Settings(jobs, syncModes, threads, prefetch, warmUp);
    }

    public Settings withWorker(int threads, int prefetch) {
      return new Settings(jobs, syncModes, threads, prefetch, warmUp);
    }

    public Settings withWarmUp(boolean warmUp) {
      return new Settings(jobs, syncModes, threads, prefetch, warmUp);
    }

    int chains() {
      return jobs / 10;
    }
  }

  private final Settings settings;
  private final Path directory;
  private final Consumer<String> progress;

  private RuntimeBenchmark(Settings settings, Path directory, Consumer<String> progress) {
    this.settings = settings;
    this.directory = directory;
    this.progress = progress;
  }

  /**
   * Runs every measurement for each sync mode, in a temporary directory deleted afterwards.
   *
   * @param progress receives a line before each phase
   */
  public static RuntimeReport run(Settings settings, Consumer<String> progress)
      throws IOException, InterruptedException, TimeoutException {
    Path directory = Files.createTempDirectory("flowc-bench");
    try {
      if (settings.warmUp()) {
        progress.accept("warming up");
        Settings warmUp = settings.withJobs(Math.max(100, Math.min(20_000, settings.jobs() / 5)));
        new RuntimeBenchmark(warmUp, directory, line -> {}).measure(SyncMode.NORMAL, "warm-up");
      }
      List<RuntimeReport.Measurement> measurements = new ArrayList<>();
      RuntimeBenchmark benchmark = new RuntimeBenchmark(settings, directory, progress);
      for (SyncMode sync : settings.syncModes()) {
        measurements.add(benchmark.measure(sync, sync.name().toLowerCase(Locale.ROOT)));
      }
      return new RuntimeReport(settings, RuntimeReport.Machine.current(), measurements);
    } finally {
      deleteTree(directory);
    }
  }

  /**
   * {@code [--jobs N] [--sync normal|full] [--format text|json] [--threads N] [--prefetch N]
   * [--no-warm-up]}: both sync modes unless {@code --sync} names one. Progress goes to stderr, the
   * report to stdout.
   */
  public static void main(String[] args) throws Exception {
    Settings settings = Settings.defaults();
    boolean json = false;
    try {
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        switch (option) {
          case "--jobs" -> settings = settings.withJobs(Integer.parseInt(value(args, ++i, option)));
          case "--sync" ->
              settings =
                  settings.withSyncModes(
                      List.of(SyncMode.valueOf(value(args, ++i, option).toUpperCase(Locale.ROOT))));
          case "--format" -> {
            String format = value(args, ++i, option);
            if (!format.equals("text") && !format.equals("json")) {
              throw new IllegalArgumentException("--format is text or json, not " + format);
            }
            json = format.equals("json");
          }
          case "--threads" ->
              settings =
                  settings.withWorker(
                      Integer.parseInt(value(args, ++i, option)), settings.prefetch());
          case "--prefetch" ->
              settings =
                  settings.withWorker(
                      settings.threads(), Integer.parseInt(value(args, ++i, option)));
          case "--no-warm-up" -> settings = settings.withWarmUp(false);
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("flowc-bench runtime: " + e.getMessage());
      System.err.println(
          "usage: runtime [--jobs N] [--sync normal|full] [--format text|json] [--threads N]"
              + " [--prefetch N] [--no-warm-up]");
      System.exit(2);
      return;
    }
    RuntimeReport report = run(settings, line -> System.err.println("bench: " + line));
    System.out.print(json ? report.json() : report.text());
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private RuntimeReport.Measurement measure(SyncMode sync, String name)
      throws InterruptedException, TimeoutException {
    progress.accept("%s: enqueue %,d jobs".formatted(name, settings.jobs()));
    double[] enqueueRuns = new double[ENQUEUE_RUNS];
    for (int run = 0; run < ENQUEUE_RUNS; run++) {
      enqueueRuns[run] = enqueueRate(store(name + "-enqueue-" + run), sync);
    }
    Arrays.sort(enqueueRuns);
    double enqueue = enqueueRuns[ENQUEUE_RUNS / 2];
    progress.accept("%s: submit and run %,d no-op jobs".formatted(name, settings.jobs()));
    double[] submitAndRun = submitAndRun(store(name + "-throughput"), sync);
    progress.accept("%s: %,d parent-child chains".formatted(name, settings.chains()));
    RuntimeReport.Latency latency = chainLatency(store(name + "-latency"), sync);
    progress.accept("%s: a DAG of %,d jobs, sampling memory".formatted(name, settings.jobs()));
    RuntimeReport.Dag dag = dag(store(name + "-dag"), sync);
    return new RuntimeReport.Measurement(
        sync, enqueue, submitAndRun[0], submitAndRun[1], latency, dag);
  }

  private Path store(String name) {
    return directory.resolve(name + ".db");
  }

  // --- enqueue ---------------------------------------------------------------------------------

  /** Jobs per second through {@code enqueueAll}, {@link #ENQUEUE_BATCH} jobs per transaction. */
  private double enqueueRate(Path file, SyncMode sync) {
    List<List<EnqueueRequest>> batches = new ArrayList<>();
    for (int from = 0; from < settings.jobs(); from += ENQUEUE_BATCH) {
      List<EnqueueRequest> batch = new ArrayList<>(ENQUEUE_BATCH);
      for (int i = from; i < Math.min(settings.jobs(), from + ENQUEUE_BATCH); i++) {
        batch.add(
            EnqueueRequest.builder(BuiltinHandlers.NOOP)
                .stage("job")
                .retries(0)
                .input(JsonNodeFactory.instance.objectNode().put("n", i))
                .build());
      }
      batches.add(batch);
    }
    try (SqliteJobStore store = SqliteJobStore.open(file, sync, Clock.systemUTC())) {
      long start = System.nanoTime();
      for (List<EnqueueRequest> batch : batches) {
        store.enqueueAll(batch);
      }
      return perSecond(settings.jobs(), System.nanoTime() - start);
    } finally {
      deleteStore(file);
    }
  }

  // --- throughput ------------------------------------------------------------------------------

  /** Submits a plan of independent no-op jobs, then runs it: {submitted/s, processed/s}. */
  private double[] submitAndRun(Path file, SyncMode sync)
      throws InterruptedException, TimeoutException {
    Plan plan = independentJobs(settings.jobs());
    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(file, sync).open()) {
      long start = System.nanoTime();
      RunView run = runtime.submit(plan);
      double submitted = perSecond(settings.jobs(), System.nanoTime() - start);
      plan = null;
      CompletionCounter completions = new CompletionCounter(run.id(), settings.jobs());
      try (AutoCloseable subscription = runtime.subscribe(completions::onEvent)) {
        start = System.nanoTime();
        try (Worker worker = runtime.startWorker(workerOptions())) {
          completions.await();
          long elapsed = System.nanoTime() - start;
          checkComplete(runtime, run.id());
          return new double[] {submitted, perSecond(settings.jobs(), elapsed)};
        }
      } catch (InterruptedException | TimeoutException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    } finally {
      deleteStore(file);
    }
  }

  private static Plan independentJobs(int count) {
    List<JobSpec> jobs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      jobs.add(job("j" + i).build());
    }
    return plan("bench-throughput", jobs);
  }

  /** Counts the completions of one run's jobs, committed in this process. */
  private static final class CompletionCounter {
    private final long runId;
    private final CountDownLatch done;

    CompletionCounter(long runId, int jobs) {
      this.runId = runId;
      this.done = new CountDownLatch(jobs);
    }

    void onEvent(JobEvent event) {
      if (event.state() == JobState.COMPLETE
          && event.runId() != null
          && event.runId() == runId
          && !event.isProgress()) {
        done.countDown();
      }
    }

    void await() throws InterruptedException, TimeoutException {
      if (!done.await(PHASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException(
            "%d jobs still not complete after %s".formatted(done.getCount(), PHASE_TIMEOUT));
      }
    }
  }

  // --- latency ---------------------------------------------------------------------------------

  /**
   * Runs two-job chains, {@link #WINDOW} at a time, and times each parent's completion to its
   * child's claim, both as committed.
   */
  private RuntimeReport.Latency chainLatency(Path file, SyncMode sync)
      throws InterruptedException, TimeoutException {
    int chains = settings.chains();
    Plan chain =
        plan(
            "bench-chain",
            List.of(job("parent").build(), job("child").dependsOn("parent").build()));
    Map<Long, Long> parentDone = new ConcurrentHashMap<>();
    long[] latencies = new long[chains];
    AtomicInteger measured = new AtomicInteger();
    Semaphore window = new Semaphore(WINDOW);
    CountDownLatch finished = new CountDownLatch(chains);
    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(file, sync).open();
        AutoCloseable subscription =
            runtime.subscribe(
                event -> {
                  if (event.isProgress() || event.runId() == null) {
                    return;
                  }
                  boolean parent = event.stage().equals("parent");
                  if (parent && event.state() == JobState.COMPLETE) {
                    parentDone.put(event.runId(), System.nanoTime());
                  } else if (!parent && event.state() == JobState.RUNNING) {
                    Long from = parentDone.remove(event.runId());
                    int slot = measured.getAndIncrement();
                    if (from != null && slot < chains) {
                      latencies[slot] = System.nanoTime() - from;
                    }
                  } else if (!parent && event.state() == JobState.COMPLETE) {
                    window.release();
                    finished.countDown();
                  }
                });
        Worker worker = runtime.startWorker(workerOptions())) {
      long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
      for (int i = 0; i < chains; i++) {
        if (!window.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          throw new TimeoutException("chains did not finish within " + PHASE_TIMEOUT);
        }
        runtime.submit(chain);
      }
      if (!finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new TimeoutException("chains did not finish within " + PHASE_TIMEOUT);
      }
    } catch (InterruptedException | TimeoutException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      deleteStore(file);
    }
    int count = Math.min(chains, measured.get());
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    return new RuntimeReport.Latency(
        count, percentile(sorted, 50), percentile(sorted, 99), sorted[count - 1] / 1e6);
  }

  private static double percentile(long[] sorted, int percent) {
    int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  // --- memory ----------------------------------------------------------------------------------

  /** Runs a layered DAG of no-op jobs while sampling heap and RSS. */
  private RuntimeReport.Dag dag(Path file, SyncMode sync)
      throws InterruptedException, TimeoutException {
    Plan plan = layeredDag(settings.jobs());
    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(file, sync).open()) {
      RunView run = runtime.submit(plan);
      plan = null;
      CompletionCounter completions = new CompletionCounter(run.id(), settings.jobs());
      try (AutoCloseable subscription = runtime.subscribe(completions::onEvent);
          MemorySampler memory = MemorySampler.start(Duration.ofMillis(SAMPLE_MS))) {
        long start = System.nanoTime();
        try (Worker worker = runtime.startWorker(workerOptions())) {
          completions.await();
        }
        long elapsed = System.nanoTime() - start;
        checkComplete(runtime, run.id());
        MemorySampler.Peaks peaks = memory.stop();
        return new RuntimeReport.Dag(
            settings.jobs(), perSecond(settings.jobs(), elapsed), peaks.heapMb(), peaks.rssMb());
      } catch (InterruptedException | TimeoutException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    } finally {
      deleteStore(file);
    }
  }

  /** Layers of up to {@link #DAG_WIDTH} jobs; each job depends on two jobs of the layer before. */
  static Plan layeredDag(int count) {
    int width = Math.min(DAG_WIDTH, Math.max(1, count / 10));
    List<JobSpec> jobs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int layer = i / width;
      int column = i % width;
      JobSpec.Builder job = job("d" + i);
      if (layer > 0) {
        int previous = (layer - 1) * width;
        int other = previous + (column + 1) % width;
        job.dependsOn("d" + (previous + column));
        if (other != previous + column && other < i) {
          job.dependsOn("d" + other);
        }
      }
      jobs.add(job.build());
    }
    return plan("bench-dag", jobs);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private WorkerOptions workerOptions() {
    return WorkerOptions.of(settings.threads()).withPrefetch(settings.prefetch());
  }

  private static JobSpec.Builder job(String stage) {
    return JobSpec.builder(stage, BuiltinHandlers.NOOP).retries(0).backoff(Backoff.fixed(10));
  }

  private static Plan plan(String name, List<JobSpec> jobs) {
    return new Plan(name, null, null, Map.of(), List.of(QueueSpec.defaultQueue()), jobs);
  }

  private static void checkComplete(FlowRuntime runtime, long runId)
      throws InterruptedException, TimeoutException {
    RunView run = runtime.awaitRun(runId, Duration.ofSeconds(30));
    if (run.status() != RunStatus.COMPLETE) {
      throw new IllegalStateException("benchmark run " + runId + " ended " + run.status());
    }
  }

  private static double perSecond(int count, long nanos) {
    return count / (nanos / 1e9);
  }

  private static void deleteStore(Path file) {
    for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
      try {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
