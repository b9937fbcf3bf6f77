package dev.flowc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.WorkerOptions;
import dev.flowc.runtime.handler.BuiltinHandlers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * How fast the runtime queues and runs jobs as a user's application feels it, with no-op handlers,
 * through the public API only ({@link FlowRuntime}). Every figure is taken in a JVM of its own,
 * started cold (the JVM options and class path of this one), on a fresh store (a SQLite file on
 * disk, or a new database on the PostgreSQL server of {@code --store}):
 *
 * <ol>
 *   <li><b>enqueueAll</b>: {@code jobs} jobs, 1,000 per call, three rounds (the first cold); the
 *       median is reported. Then, in another new JVM, the same {@code jobs} jobs in one call, its
 *       first: the clock runs for the call alone, the requests built before.
 *   <li><b>the user's path</b>: a worker with the default {@link WorkerOptions} runs while {@code
 *       jobs} jobs are enqueued one by one ({@code enqueue}), then again 1,000 per {@code
 *       enqueueAll}; the clock runs from the first enqueue to the last completion.
 *   <li><b>submit and drain</b>: a plan of {@code jobs} independent jobs is submitted (timed), then
 *       the default worker drains the store (timed apart).
 *   <li><b>chains</b>: up to 10,000 two-job plans submitted at a fixed pace; each child's handler
 *       returns the time from the end of its parent's handler to its own start (see {@link
 *       ChainHandlers}).
 *   <li><b>memory</b>: a layered DAG of {@code jobs} jobs built, submitted and run in one process
 *       whose heap (right before and after every GC, and sampled) and resident set are watched the
 *       whole time, with no forced GC.
 *   <li><b>worker processes</b> ({@code --workers 1,2,4}): N worker JVMs on one store, jobs
 *       enqueued by this process with {@code enqueueAll}, completion polled every {@value #POLL_MS}
 *       ms; then chains run by those workers.
 * </ol>
 */
public final class RuntimeBenchmark {
  static final int MAX_CHAINS = 10_000;
  static final long POLL_MS = 10;
  static final String HEAP_CAP = "-Xmx%dm".formatted((int) RuntimeReport.TARGET_HEAP_MB);
  private static final Duration PROCESS_TIMEOUT = Duration.ofMinutes(15);

  /**
   * What to measure.
   *
   * @param jobs how many jobs each figure uses ({@code min(jobs / 10, 10,000)} chains)
   * @param syncModes the sync modes to measure on SQLite, each with its own stores
   * @param threads the worker's handler threads
   * @param prefetch the worker's prefetch, or {@code null} for the default of {@link
   *     WorkerOptions#of}
   * @param server a {@code jdbc:postgresql:} URL of a role that may create databases, or {@code
   *     null} for SQLite
   * @param workerProcesses how many worker processes to measure, each count in turn (none: only
   *     workers inside the measuring process)
   * @param chainRate chains submitted per second
   */
  public record Settings(
      int jobs,
      List<SyncMode> syncModes,
      int threads,
      Integer prefetch,
      String server,
      List<Integer> workerProcesses,
      double chainRate) {
    public static final int DEFAULT_JOBS = 100_000;
    public static final int DEFAULT_THREADS = 4;
    public static final double DEFAULT_CHAIN_RATE = 1_000;

    public Settings {
      if (jobs < 100) {
        throw new IllegalArgumentException("--jobs must be at least 100, not " + jobs);
      }
      syncModes = List.copyOf(syncModes);
      if (syncModes.isEmpty()) {
        throw new IllegalArgumentException("no sync mode to measure");
      }
      BenchStores.checkServer(server);
      workerProcesses = List.copyOf(workerProcesses);
      for (int n : workerProcesses) {
        if (n < 1 || n > 64) {
          throw new IllegalArgumentException("--workers counts are 1 to 64, not " + n);
        }
      }
      if (!(chainRate > 0)) {
        throw new IllegalArgumentException("the chain rate must be positive: " + chainRate);
      }
      // A valid worker, or the exception that says why not.
      WorkerOptions options = WorkerOptions.of(threads);
      if (prefetch != null) {
        options.withPrefetch(prefetch);
      }
    }

    /** 100,000 jobs on SQLite, NORMAL then FULL, the default worker, no worker processes. */
    public static Settings defaults() {
      return new Settings(
          DEFAULT_JOBS,
          List.of(SyncMode.NORMAL, SyncMode.FULL),
          DEFAULT_THREADS,
          null,
          null,
          List.of(),
          DEFAULT_CHAIN_RATE);
    }

    public Settings withJobs(int jobs) {
      return new Settings(jobs, syncModes, threads, prefetch, server, workerProcesses, chainRate);
    }

    public Settings withSyncModes(List<SyncMode> syncModes) {
      return new Settings(jobs, syncModes, threads, prefetch, server, workerProcesses, chainRate);
    }

    /** Another worker: {@code prefetch} {@code null} for the default. */
    public Settings withWorker(int threads, Integer prefetch) {
      return new Settings(jobs, syncModes, threads, prefetch, server, workerProcesses, chainRate);
    }

    /** PostgreSQL on the server of this URL ({@code null}: SQLite). */
    public Settings withServer(String server) {
      return new Settings(jobs, syncModes, threads, prefetch, server, workerProcesses, chainRate);
    }

    public Settings withWorkerProcesses(List<Integer> workerProcesses) {
      return new Settings(jobs, syncModes, threads, prefetch, server, workerProcesses, chainRate);
    }

    public Settings withChainRate(double chainRate) {
      return new Settings(jobs, syncModes, threads, prefetch, server, workerProcesses, chainRate);
    }

    int chains() {
      return Math.min(MAX_CHAINS, Math.max(10, jobs / 10));
    }
  }

  private final Settings settings;
  private final BenchStores stores;
  private final Consumer<String> progress;

  private RuntimeBenchmark(Settings settings, BenchStores stores, Consumer<String> progress) {
    this.settings = settings;
    this.stores = stores;
    this.progress = progress;
  }

  /**
   * Runs every measurement, on SQLite for each sync mode or once on PostgreSQL, with SQLite files
   * in a temporary directory deleted afterwards.
   *
   * @param progress receives a line before each step
   */
  public static RuntimeReport run(Settings settings, Consumer<String> progress)
      throws IOException, InterruptedException, TimeoutException {
    MachineLoad.Start machine = MachineLoad.start();
    Path directory = Files.createTempDirectory("flowc-bench");
    try {
      BenchStores stores = new BenchStores(directory, settings.server());
      RuntimeBenchmark benchmark = new RuntimeBenchmark(settings, stores, progress);
      List<RuntimeReport.Measurement> measurements = new ArrayList<>();
      if (stores.postgres()) {
        measurements.add(benchmark.measure(SyncMode.NORMAL, "postgresql"));
      } else {
        for (SyncMode sync : settings.syncModes()) {
          measurements.add(benchmark.measure(sync, "sync=" + sync.name().toLowerCase(Locale.ROOT)));
        }
      }
      return new RuntimeReport(
          settings,
          stores.describe(),
          RuntimeReport.Machine.current(),
          machine.sinceThen(),
          measurements);
    } finally {
      deleteTree(directory);
    }
  }

  private RuntimeReport.Measurement measure(SyncMode sync, String name)
      throws IOException, InterruptedException, TimeoutException {
    int jobs = settings.jobs();
    progress.accept("%s: enqueueAll %,d jobs, 3 rounds".formatted(name, jobs));
    JsonNode enqueue = phase("enqueue", sync, jobs, List.of());
    double[] rounds = new double[BenchProcess.ENQUEUE_ROUNDS];
    for (int i = 0; i < rounds.length; i++) {
      rounds[i] = enqueue.get("rounds_per_s").get(i).asDouble();
    }
    double cold = rounds[0];
    Arrays.sort(rounds);
    progress.accept("%s: enqueueAll %,d jobs in one call".formatted(name, jobs));
    JsonNode once = phase("enqueue-once", sync, jobs, List.of());
    progress.accept("%s: the user's path, %,d jobs enqueued one by one".formatted(name, jobs));
    JsonNode single = phase("e2e-single", sync, jobs, List.of());
    progress.accept("%s: the user's path with enqueueAll".formatted(name));
    JsonNode batch = phase("e2e-batch", sync, jobs, List.of());
    progress.accept("%s: submit a plan of %,d jobs, then drain it".formatted(name, jobs));
    JsonNode drain = phase("drain", sync, jobs, List.of());
    progress.accept("%s: %,d parent-child chains".formatted(name, settings.chains()));
    RuntimeReport.Latency latency =
        latency(
            phase(
                "chains",
                sync,
                jobs,
                List.of(
                    "--chains",
                    Integer.toString(settings.chains()),
                    "--rate",
                    Double.toString(settings.chainRate()))));
    progress.accept(
        "%s: a DAG of %,d jobs built, submitted and run, watching memory".formatted(name, jobs));
    // In a JVM whose heap is capped at the target: the DAG fitting proves the live heap stayed
    // under it, whatever garbage the "after GC" figures still count.
    JsonNode dag;
    boolean fitted = true;
    try {
      dag = phase("dag", sync, jobs, List.of(), List.of(HEAP_CAP));
    } catch (IllegalStateException e) {
      progress.accept(
          "%s: the DAG of %,d jobs did not run within %s; again without the cap, to measure it"
              .formatted(name, jobs, HEAP_CAP));
      fitted = false;
      dag = phase("dag", sync, jobs, List.of(), List.of());
    }
    List<RuntimeReport.Scaling> scaling = new ArrayList<>();
    for (int workers : settings.workerProcesses()) {
      scaling.add(scaling(name, sync, workers));
    }
    return new RuntimeReport.Measurement(
        name,
        stores.postgres(),
        rounds[rounds.length / 2],
        cold,
        once.get("per_s").asDouble(),
        single.get("enqueue_per_s").asDouble(),
        single.get("processed_per_s").asDouble(),
        batch.get("processed_per_s").asDouble(),
        single.get("peak_rss_mb").asDouble(),
        drain.get("submit_per_s").asDouble(),
        drain.get("processed_per_s").asDouble(),
        latency,
        dag(dag, fitted),
        scaling);
  }

  /** Runs one phase in a new JVM on a fresh store and returns its result. */
  private JsonNode phase(String phase, SyncMode sync, int jobs, List<String> more)
      throws IOException, InterruptedException, TimeoutException {
    return phase(phase, sync, jobs, more, List.of());
  }

  private JsonNode phase(
      String phase, SyncMode sync, int jobs, List<String> more, List<String> jvmOptions)
      throws IOException, InterruptedException, TimeoutException {
    String store = stores.fresh(phase);
    try {
      List<String> args = new ArrayList<>(arguments(phase, store, sync));
      args.addAll(List.of("--jobs", Integer.toString(jobs)));
      args.addAll(more);
      try (ChildJvm child = ChildJvm.start(jvmOptions, args)) {
        return child.result(PROCESS_TIMEOUT);
      }
    } finally {
      stores.dispose(store);
    }
  }

  private List<String> arguments(String phase, String store, SyncMode sync) {
    List<String> args = new ArrayList<>();
    args.add(phase);
    args.addAll(List.of("--store", store));
    args.addAll(List.of("--sync", sync.name().toLowerCase(Locale.ROOT)));
    args.addAll(List.of("--threads", Integer.toString(settings.threads())));
    if (settings.prefetch() != null) {
      args.addAll(List.of("--prefetch", settings.prefetch().toString()));
    }
    return args;
  }

  /**
   * {@code workers} worker JVMs on one fresh store: once they run, this process enqueues {@code
   * jobs} jobs with {@code enqueueAll} and polls until all are complete (the workers' first jobs,
   * in JVMs just started); then {@code jobs} more, the same way (the same workers, warm, as
   * long-running workers are); then chains are run by the same workers.
   */
  private RuntimeReport.Scaling scaling(String name, SyncMode sync, int workers)
      throws IOException, InterruptedException, TimeoutException {
    int jobs = settings.jobs();
    progress.accept("%s: %d worker processes, %,d jobs".formatted(name, workers, jobs));
    String store = stores.fresh("workers");
    List<ChildJvm> children = new ArrayList<>();
    try {
      for (int i = 0; i < workers; i++) {
        children.add(ChildJvm.start(arguments("worker", store, sync)));
      }
      for (ChildJvm child : children) {
        child.awaitReady();
      }
      Fed fresh;
      Fed warm;
      try (FlowRuntime runtime = BenchStores.builder(store, sync).open()) {
        fresh = feed(runtime, workers, 0);
        progress.accept(
            "%s: %d worker processes, %,d jobs more (warm)".formatted(name, workers, jobs));
        warm = feed(runtime, workers, jobs);
      }
      progress.accept("%s: %d worker processes, chains".formatted(name, workers));
      List<String> args = new ArrayList<>(arguments("chains", store, sync));
      args.addAll(
          List.of(
              "--jobs",
              Integer.toString(jobs),
              "--chains",
              Integer.toString(settings.chains()),
              "--rate",
              Double.toString(settings.chainRate()),
              "--worker",
              "processes"));
      RuntimeReport.Latency latency;
      try (ChildJvm chains = ChildJvm.start(args)) {
        latency = latency(chains.result(PROCESS_TIMEOUT));
      }
      for (ChildJvm child : children) {
        child.stop();
      }
      for (ChildJvm child : children) {
        child.result(PROCESS_TIMEOUT);
      }
      return new RuntimeReport.Scaling(
          workers,
          fresh.enqueuePerSecond(),
          fresh.processedPerSecond(),
          warm.enqueuePerSecond(),
          warm.processedPerSecond(),
          latency);
    } finally {
      children.forEach(ChildJvm::close);
      stores.dispose(store);
    }
  }

  /**
   * The rates of one {@link #feed}: its {@code enqueueAll} calls, and first enqueue to last
   * completion.
   */
  private record Fed(double enqueuePerSecond, double processedPerSecond) {}

  /**
   * Enqueues {@code settings.jobs()} no-op jobs with {@code enqueueAll} for the worker processes on
   * {@code runtime}'s store, {@code alreadyDone} jobs having been completed there before, and polls
   * until all are complete.
   */
  private Fed feed(FlowRuntime runtime, int workers, int alreadyDone)
      throws InterruptedException, TimeoutException {
    int jobs = settings.jobs();
    long start = System.nanoTime();
    long lastId = -1;
    for (int from = 0; from < jobs; from += BenchProcess.ENQUEUE_CHUNK) {
      List<EnqueueRequest> chunk = new ArrayList<>(BenchProcess.ENQUEUE_CHUNK);
      for (int i = from; i < Math.min(jobs, from + BenchProcess.ENQUEUE_CHUNK); i++) {
        chunk.add(
            EnqueueRequest.builder(BuiltinHandlers.NOOP)
                .stage("job")
                .retries(0)
                .input(JsonNodeFactory.instance.objectNode().put("n", alreadyDone + i))
                .build());
      }
      List<Long> ids = runtime.enqueueAll(chunk);
      lastId = ids.get(ids.size() - 1);
    }
    double enqueuePerSecond = BenchProcess.perSecond(jobs, System.nanoTime() - start);
    long deadline = System.nanoTime() + PROCESS_TIMEOUT.toNanos();
    // Counting every job's state is a scan of the whole table: polled every 10 ms through the
    // run, it took a core of the machine the workers and the database share (on PostgreSQL,
    // 20-130 ms a count at 100,000 jobs). Jobs of one priority are claimed in id order, so
    // the last one is among the last to complete: wait for it first (a lookup by id), then
    // count.
    long last = lastId;
    while (lastId >= 0
        && runtime.job(last).map(job -> job.summary().state() != JobState.COMPLETE).orElse(false)) {
      if (System.nanoTime() > deadline) {
        break; // the count below reports the timeout
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MS); // polling other processes' progress
    }
    while (runtime.stats().states().getOrDefault(JobState.COMPLETE, 0L) < alreadyDone + jobs) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "%d worker processes did not finish %,d jobs in %s"
                .formatted(workers, jobs, PROCESS_TIMEOUT));
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MS); // polling other processes' progress
    }
    return new Fed(enqueuePerSecond, BenchProcess.perSecond(jobs, System.nanoTime() - start));
  }

  private static RuntimeReport.Latency latency(JsonNode chains) {
    return new RuntimeReport.Latency(
        chains.get("chains").asInt(),
        chains.get("cross_process").asInt(),
        chains.get("rate_per_s").asDouble(),
        chains.get("p50_ms").asDouble(),
        chains.get("p99_ms").asDouble(),
        chains.get("max_ms").asDouble());
  }

  private static RuntimeReport.Dag dag(JsonNode dag, boolean fitted) {
    List<RuntimeReport.Memory> phases = new ArrayList<>();
    for (JsonNode phase : dag.get("memory")) {
      if (Set.of("build", "submit", "run").contains(phase.get("phase").asText())) {
        phases.add(
            new RuntimeReport.Memory(
                phase.get("phase").asText(),
                phase.get("heap_used_mb").asDouble(),
                phase.get("heap_after_gc_mb").asDouble(),
                phase.get("rss_mb").asDouble()));
      }
    }
    return new RuntimeReport.Dag(
        dag.get("jobs") == null ? 0 : dag.get("jobs").asInt(),
        dag.get("build_s").asDouble(),
        dag.get("submit_s").asDouble(),
        dag.get("processed_per_s").asDouble(),
        phases,
        dag.get("peak_rss_mb").asDouble(),
        dag.get("max_heap_mb").asDouble(),
        fitted);
  }

  /**
   * {@code [--jobs N] [--sync normal|full] [--store sqlite|URL] [--workers N,N...] [--threads N]
   * [--prefetch N] [--chain-rate N] [--format text|json]}. Progress goes to stderr, the report to
   * stdout.
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
          case "--store" -> {
            String store = value(args, ++i, option);
            settings = settings.withServer(store.equals("sqlite") ? null : store);
          }
          case "--workers" ->
              settings = settings.withWorkerProcesses(counts(value(args, ++i, option)));
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
          case "--chain-rate" ->
              settings = settings.withChainRate(Double.parseDouble(value(args, ++i, option)));
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("flowc-bench runtime: " + e.getMessage());
      System.err.println(
          "usage: runtime [--jobs N] [--sync normal|full] [--store sqlite|jdbc:postgresql://...]"
              + " [--workers N,N...] [--threads N] [--prefetch N] [--chain-rate N]"
              + " [--format text|json]");
      System.exit(2);
      return;
    }
    RuntimeReport report = run(settings, line -> System.err.println("bench: " + line));
    System.out.print(json ? report.json() : report.text());
  }

  /** {@code 1,2,4} as counts. */
  public static List<Integer> counts(String text) {
    List<Integer> counts = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        counts.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--workers is a list of process counts such as 1,2,4, not " + text);
      }
    }
    return counts;
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
