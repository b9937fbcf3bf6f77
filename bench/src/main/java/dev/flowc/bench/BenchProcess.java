package dev.flowc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.dag.Backoff;
import dev.flowc.dag.Each;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.dag.ResultRefs;
import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobEvent;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.Worker;
import dev.flowc.runtime.WorkerOptions;
import dev.flowc.runtime.handler.BuiltinHandlers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One measurement of {@link RuntimeBenchmark}, in a JVM of its own (started cold, like a user's
 * application), or a worker process: {@code BenchProcess PHASE --key value...}. A phase prints one
 * line {@code result {json}} on stdout; a worker prints {@code ready} once its worker runs, and
 * stops when its stdin ends. Everything goes through the public API ({@link FlowRuntime}).
 */
public final class BenchProcess {
  static final String RESULT = "result ";
  static final String READY = "ready";
  static final int ENQUEUE_CHUNK = 1_000;
  static final int ENQUEUE_ROUNDS = 3;
  static final int DAG_WIDTH = 1_000;
  static final Duration PHASE_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration SAMPLE = Duration.ofMillis(20);
  private static final Backoff BACKOFF = Backoff.fixed(10);

  private final Map<String, String> options;
  private final MemorySampler memory;

  private BenchProcess(Map<String, String> options, MemorySampler memory) {
    this.options = options;
    this.memory = memory;
  }

  public static void main(String[] args) throws Exception {
    MemorySampler memory = MemorySampler.start(SAMPLE, "start");
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    BenchProcess process = new BenchProcess(options, memory);
    ObjectNode result =
        switch (args[0]) {
          case "enqueue" -> process.enqueue();
          case "enqueue-once" -> process.enqueueOnce();
          case "e2e-single" -> process.endToEnd(false);
          case "e2e-batch" -> process.endToEnd(true);
          case "drain" -> process.drain();
          case "chains" -> process.chains();
          case "dag" -> process.dag();
          case "submit-under-load" -> process.submitUnderLoad();
          case "fanout" -> process.fanOut();
          case "rate-drain" -> process.rateDrain();
          case "worker" -> process.worker();
          case "feed" -> process.feed();
          default -> throw new IllegalArgumentException("unknown phase " + args[0]);
        };
    Map<String, MemorySampler.Peaks> peaks = memory.stop();
    ArrayNode phases = result.putArray("memory");
    peaks.forEach(
        (name, p) ->
            phases
                .addObject()
                .put("phase", name)
                .put("heap_used_mb", p.heapUsedMb())
                .put("heap_after_gc_mb", p.heapAfterGcMb())
                .put("rss_mb", p.rssMb()));
    result.put("peak_rss_mb", MemorySampler.peakRssMb());
    result.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0));
    System.out.println(RESULT + new ObjectMapper().writeValueAsString(result));
    System.out.flush();
    System.exit(0); // a worker's non-daemon threads are closed already; do not wait for stragglers
  }

  // --- the phases ------------------------------------------------------------------------------

  /**
   * {@value #ENQUEUE_ROUNDS} rounds of {@code jobs} jobs through {@code enqueueAll}; also the time
   * of each call of the last two rounds (the first is the cold JVM's), whose fastest calls say what
   * a call costs when nothing else takes the cores meanwhile.
   */
  private ObjectNode enqueue() {
    int jobs = jobs();
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    ArrayNode rounds = result.putArray("rounds_per_s");
    List<Long> calls = new ArrayList<>();
    try (FlowRuntime runtime = open()) {
      for (int round = 0; round < ENQUEUE_ROUNDS; round++) {
        long start = System.nanoTime();
        for (int from = 0; from < jobs; from += ENQUEUE_CHUNK) {
          List<EnqueueRequest> requests = requests(from, Math.min(jobs, from + ENQUEUE_CHUNK));
          long call = System.nanoTime();
          runtime.enqueueAll(requests);
          if (round > 0) {
            calls.add(System.nanoTime() - call);
          }
        }
        rounds.add(perSecond(jobs, System.nanoTime() - start));
      }
    }
    if (!calls.isEmpty()) {
      long[] sorted = calls.stream().mapToLong(Long::longValue).sorted().toArray();
      result
          .putObject("call_ms")
          .put("min", sorted[0] / 1e6)
          .put("p10", sorted[sorted.length / 10] / 1e6)
          .put("median", sorted[sorted.length / 2] / 1e6);
    }
    return result;
  }

  /**
   * One call of {@code enqueueAll} with all {@code jobs} jobs, the first of this JVM, as a program
   * with that many jobs at hand makes it: the requests are built first, and the clock runs for the
   * call alone (the requests' building is the caller's, and {@link #enqueue} times it too).
   */
  private ObjectNode enqueueOnce() {
    int jobs = jobs();
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    List<EnqueueRequest> requests = requests(0, jobs);
    try (FlowRuntime runtime = open()) {
      memory.phase("enqueueAll");
      long start = System.nanoTime();
      List<Long> ids = runtime.enqueueAll(requests);
      long elapsed = System.nanoTime() - start;
      if (ids.size() != jobs) {
        throw new IllegalStateException("%,d ids for %,d jobs".formatted(ids.size(), jobs));
      }
      result.put("per_s", perSecond(jobs, elapsed));
      result.put("call_ms", elapsed / 1e6);
    }
    return result;
  }

  /**
   * The user's path: a worker with the default options runs while jobs are enqueued one by one (or
   * {@value #ENQUEUE_CHUNK} per {@code enqueueAll}); the clock runs from the first enqueue to the
   * last completion.
   */
  private ObjectNode endToEnd(boolean batch) throws Exception {
    int jobs = jobs();
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    try (FlowRuntime runtime = open()) {
      Completions completions = new Completions(jobs);
      try (AutoCloseable subscription = runtime.subscribe(completions::onEvent);
          Worker worker = runtime.startWorker(workerOptions())) {
        memory.phase("enqueue and run");
        long start = System.nanoTime();
        if (batch) {
          for (int from = 0; from < jobs; from += ENQUEUE_CHUNK) {
            runtime.enqueueAll(requests(from, Math.min(jobs, from + ENQUEUE_CHUNK)));
          }
        } else {
          for (int i = 0; i < jobs; i++) {
            runtime.enqueue(request(i));
          }
        }
        long enqueued = System.nanoTime() - start;
        completions.await();
        long elapsed = System.nanoTime() - start;
        result.put("enqueue_per_s", perSecond(jobs, enqueued));
        result.put("processed_per_s", perSecond(jobs, elapsed));
        result.put("completed_while_enqueueing", completions.completedAt(enqueued + start));
      }
    }
    return result;
  }

  /** Submits a plan of independent jobs, then runs it: the submit and the drain timed apart. */
  private ObjectNode drain() throws Exception {
    int jobs = jobs();
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    List<JobSpec> specs = new ArrayList<>(jobs);
    for (int i = 0; i < jobs; i++) {
      specs.add(job("j" + i).build());
    }
    Plan plan = plan("bench-drain", specs);
    specs = null;
    try (FlowRuntime runtime = open()) {
      long start = System.nanoTime();
      RunView run = runtime.submit(plan);
      result.put("submit_per_s", perSecond(jobs, System.nanoTime() - start));
      plan = null;
      Completions completions = new Completions(jobs);
      try (AutoCloseable subscription = runtime.subscribe(completions::onEvent)) {
        start = System.nanoTime();
        try (Worker worker = runtime.startWorker(workerOptions())) {
          completions.await();
          result.put("processed_per_s", perSecond(jobs, System.nanoTime() - start));
        }
      }
      checkComplete(runtime, run.id());
    }
    return result;
  }

  /**
   * Two-job chains submitted at a fixed pace (open loop: a slow chain does not delay the next
   * submission, so a stall shows in the latencies instead of hiding in a lower rate). Each child
   * returns its latency (see {@link ChainHandlers}). With {@code --worker in-process} a worker runs
   * here, otherwise the worker processes started beside this one run the chains.
   */
  private ObjectNode chains() throws Exception {
    int chains = Integer.parseInt(options.get("--chains"));
    double rate = Double.parseDouble(options.getOrDefault("--rate", "1000"));
    boolean inProcess = options.getOrDefault("--worker", "in-process").equals("in-process");
    Plan chain =
        plan(
            "bench-chain",
            List.of(
                JobSpec.builder("parent", ChainHandlers.PARENT).retries(0).build(),
                JobSpec.builder("child", ChainHandlers.CHILD)
                    .retries(0)
                    .dependsOn("parent")
                    .input(
                        JsonNodeFactory.instance
                            .objectNode()
                            .set(
                                "parent",
                                JsonNodeFactory.instance.objectNode().put("$result", "parent")))
                    .build()));
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    try (FlowRuntime runtime = open()) {
      Worker worker = inProcess ? runtime.startWorker(workerOptions()) : null;
      try {
        long[] runs = new long[chains];
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        for (int i = 0; i < chains; i++) {
          long due = start + i * interval;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait); // pacing the submissions, not waiting for a condition
          }
          runs[i] = runtime.submit(chain).id();
        }
        long[] latencies = new long[chains];
        int crossProcess = 0;
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
        for (int i = 0; i < chains; i++) {
          RunView run =
              runtime.awaitRun(
                  runs[i], Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
          if (run.status() != RunStatus.COMPLETE) {
            throw new IllegalStateException("chain run " + runs[i] + " ended " + run.status());
          }
          JsonNode child = null;
          for (JobSummary job : runtime.jobs(runs[i])) {
            if (job.stage().equals("child")) {
              child = runtime.job(job.id()).orElseThrow().result();
            }
          }
          latencies[i] = child.path("latency_ns").asLong();
          if (!child.path("same_process").asBoolean()) {
            crossProcess++;
          }
        }
        if (System.getenv("FLOWC_BENCH_LATENCIES") != null) {
          java.nio.file.Files.writeString(
              java.nio.file.Path.of(System.getenv("FLOWC_BENCH_LATENCIES") + ".ordered"),
              Arrays.toString(latencies));
        }
        Arrays.sort(latencies);
        result.put("chains", chains);
        result.put("cross_process", crossProcess);
        result.put("rate_per_s", rate);
        result.put("p50_ms", percentile(latencies, 50));
        result.put("p90_ms", percentile(latencies, 90));
        result.put("p99_ms", percentile(latencies, 99));
        result.put("max_ms", latencies[chains - 1] / 1e6);
        if (System.getenv("FLOWC_BENCH_LATENCIES") != null) {
          java.nio.file.Files.writeString(
              java.nio.file.Path.of(System.getenv("FLOWC_BENCH_LATENCIES")),
              Arrays.toString(latencies));
        }
      } finally {
        if (worker != null) {
          worker.close();
        }
      }
    }
    return result;
  }

  /**
   * A DAG of {@code jobs} no-op jobs in layers of up to {@value #DAG_WIDTH} (each depends on two of
   * the layer before): built, submitted and run, the process's memory kept per step.
   */
  private ObjectNode dag() throws Exception {
    int jobs = jobs();
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("jobs", jobs);
    memory.phase("build");
    long start = System.nanoTime();
    Plan plan = layeredDag(jobs);
    result.put("build_s", (System.nanoTime() - start) / 1e9);
    try (FlowRuntime runtime = open()) {
      memory.phase("submit");
      start = System.nanoTime();
      RunView run = runtime.submit(plan);
      result.put("submit_s", (System.nanoTime() - start) / 1e9);
      plan = null;
      memory.phase("run");
      Completions completions = new Completions(jobs);
      try (AutoCloseable subscription = runtime.subscribe(completions::onEvent)) {
        start = System.nanoTime();
        try (Worker worker = runtime.startWorker(workerOptions())) {
          completions.await();
          result.put("processed_per_s", perSecond(jobs, System.nanoTime() - start));
        }
      }
      checkComplete(runtime, run.id());
    }
    return result;
  }

  /**
   * Submits the DAG of {@link #dag} while another thread enqueues one job at a time (one every 5
   * ms), as another program sharing the store would: the submit's time, and the latency of those
   * enqueues meanwhile, which tells how much other work gets through a large submit.
   */
  private ObjectNode submitUnderLoad() throws Exception {
    int jobs = jobs();
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("jobs", jobs);
    memory.phase("build");
    Plan plan = layeredDag(jobs);
    try (FlowRuntime runtime = open()) {
      for (int i = 0; i < 100; i++) {
        runtime.enqueue(request(i)); // the store and the enqueue path warmed up
      }
      memory.phase("submit");
      java.util.concurrent.atomic.AtomicBoolean submitted =
          new java.util.concurrent.atomic.AtomicBoolean();
      List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread other =
          new Thread(
              () -> {
                while (!submitted.get()) {
                  long sent = System.nanoTime();
                  runtime.enqueue(request(0));
                  latencies.add(System.nanoTime() - sent);
                  LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
              },
              "other-work");
      long start = System.nanoTime();
      other.start();
      runtime.submit(plan);
      result.put("submit_s", (System.nanoTime() - start) / 1e9);
      submitted.set(true);
      other.join();
      long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      result.put("other_enqueues", sorted.length);
      result.put("other_p50_ms", percentile(sorted, 50));
      result.put("other_p99_ms", percentile(sorted, 99));
      result.put("other_max_ms", sorted.length == 0 ? -1 : sorted[sorted.length - 1] / 1e6);
    }
    return result;
  }

  /**
   * A fan-out of {@code jobs} no-op items, end to end: a plan of three stages ({@code list} returns
   * the list of {@code jobs} numbers, {@code items} fans out over it, {@code after} waits for the
   * gathered result) submitted, and the clock runs from the submission to the last completion, so
   * it counts making the items in one transaction, running them, and gathering their results.
   */
  private ObjectNode fanOut() throws Exception {
    int items = jobs();
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("items", items);
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < items; i++) {
      list.add(i);
    }
    Plan plan =
        plan(
            "bench-fan-out",
            List.of(
                JobSpec.builder("list", BuiltinHandlers.ECHO)
                    .retries(0)
                    .input(JsonNodeFactory.instance.objectNode().set("items", list))
                    .build(),
                JobSpec.builder("items", BuiltinHandlers.NOOP)
                    .retries(0)
                    .dependsOn("list")
                    .each(
                        new Each(
                            ResultRefs.result("list", List.of("items")), "n", null, Each.MAX_ITEMS))
                    .build(),
                JobSpec.builder("after", BuiltinHandlers.NOOP)
                    .retries(0)
                    .dependsOn("items")
                    .build()));
    list = null;
    try (FlowRuntime runtime = open()) {
      memory.phase("run");
      // list, every item, the stage's own job when it gathers, and after.
      Completions completions = new Completions(items + 3);
      try (AutoCloseable subscription = runtime.subscribe(completions::onEvent);
          Worker worker = runtime.startWorker(workerOptions())) {
        long start = System.nanoTime();
        RunView run = runtime.submit(plan);
        plan = null;
        completions.await();
        result.put("items_per_s", perSecond(items, System.nanoTime() - start));
        checkComplete(runtime, run.id());
      }
    }
    return result;
  }

  /**
   * Issue 13's cost of rates: a plan of {@code --jobs} no-op jobs in queue {@code bulk}, drained by
   * the default worker, timed from the worker's start to the last of them. {@code --variant none}:
   * only them; {@code limited}: {@code bulk} has a rate too high to bind ({@value
   * #UNBINDING_RATE}/s), so every claim goes through its bucket; {@code beside}: a queue {@code
   * api} of {@code rate 50/s} beside it, with a tenth as many jobs, which keep waiting for tokens
   * while {@code bulk} drains.
   */
  private ObjectNode rateDrain() throws Exception {
    int jobs = jobs();
    String variant = options.getOrDefault("--variant", "none");
    List<QueueSpec> queues = new ArrayList<>(List.of(QueueSpec.defaultQueue()));
    queues.add(
        new QueueSpec(
            "bulk",
            null,
            variant.equals("limited") ? dev.flowc.dag.Rate.perSecond(UNBINDING_RATE) : null));
    List<JobSpec> specs = new ArrayList<>(jobs);
    for (int i = 0; i < jobs; i++) {
      specs.add(job("j" + i).queue("bulk").build());
    }
    if (variant.equals("beside")) {
      queues.add(new QueueSpec("api", null, dev.flowc.dag.Rate.perSecond(50)));
      for (int i = 0; i < jobs / 10; i++) {
        specs.add(job("api" + i).queue("api").build());
      }
    } else if (!variant.equals("none") && !variant.equals("limited")) {
      throw new IllegalArgumentException("unknown --variant " + variant);
    }
    Plan plan = new Plan("bench-rates", null, null, Map.of(), queues, specs);
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    try (FlowRuntime runtime = open()) {
      RunView run = runtime.submit(plan);
      CountDownLatch bulkDone = new CountDownLatch(jobs);
      try (AutoCloseable subscription =
          runtime.subscribe(
              event -> {
                if (event.state() == JobState.COMPLETE
                    && !event.isProgress()
                    && event.stage().startsWith("j")) {
                  bulkDone.countDown();
                }
              })) {
        long start = System.nanoTime();
        try (Worker worker = runtime.startWorker(workerOptions())) {
          if (!bulkDone.await(PHASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("bulk jobs still not complete after " + PHASE_TIMEOUT);
          }
          result.put("processed_per_s", perSecond(jobs, System.nanoTime() - start));
        }
      }
      result.put("run", run.id());
    }
    return result;
  }

  /** A rate that no worker of this machine reaches: {@code rateDrain}'s "limited" variant. */
  static final int UNBINDING_RATE = 1_000_000;

  /** A worker on the store until stdin ends; {@code ready} once it runs. */
  /**
   * The worker processes' figure of {@link RuntimeBenchmark} alone, for profiling them: with worker
   * processes already running on the store ({@code worker}), enqueues {@code --jobs} jobs with
   * {@code enqueueAll} and polls until all are complete, as the bench does.
   */
  private ObjectNode feed() throws Exception {
    int jobs = jobs();
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    try (FlowRuntime runtime = open()) {
      long start = System.nanoTime();
      long last = -1;
      for (int from = 0; from < jobs; from += ENQUEUE_CHUNK) {
        List<Long> ids = runtime.enqueueAll(requests(from, Math.min(jobs, from + ENQUEUE_CHUNK)));
        last = ids.get(ids.size() - 1);
      }
      result.put("enqueue_per_s", perSecond(jobs, System.nanoTime() - start));
      long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
      long lastId = last;
      while (runtime.job(lastId).map(job -> job.summary().state() != JobState.COMPLETE).orElse(true)
          || runtime.stats().states().getOrDefault(JobState.COMPLETE, 0L) < jobs) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException(
              "%,d jobs not complete after %s".formatted(jobs, PHASE_TIMEOUT));
        }
        TimeUnit.MILLISECONDS.sleep(RuntimeBenchmark.POLL_MS); // other processes' progress
      }
      result.put("processed_per_s", perSecond(jobs, System.nanoTime() - start));
    }
    return result;
  }

  private ObjectNode worker() throws Exception {
    try (FlowRuntime runtime = open();
        Worker worker = runtime.startWorker(workerOptions())) {
      memory.phase("work");
      System.out.println(READY);
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // the bench closes stdin to stop the worker
      }
    }
    return JsonNodeFactory.instance.objectNode();
  }

  // --- helpers ---------------------------------------------------------------------------------

  private int jobs() {
    return Integer.parseInt(options.get("--jobs"));
  }

  private FlowRuntime open() {
    return BenchStores.builder(
            options.get("--store"),
            SyncMode.valueOf(options.getOrDefault("--sync", "normal").toUpperCase(Locale.ROOT)))
        .open();
  }

  /**
   * The default options of a worker ({@code WorkerOptions.of(threads)}), with {@code --prefetch}
   * only when asked for.
   */
  private WorkerOptions workerOptions() {
    WorkerOptions worker =
        WorkerOptions.of(Integer.parseInt(options.getOrDefault("--threads", "4")));
    String prefetch = options.get("--prefetch");
    return prefetch == null ? worker : worker.withPrefetch(Integer.parseInt(prefetch));
  }

  private static List<EnqueueRequest> requests(int from, int to) {
    List<EnqueueRequest> requests = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      requests.add(request(i));
    }
    return requests;
  }

  private static EnqueueRequest request(int n) {
    return EnqueueRequest.builder(BuiltinHandlers.NOOP)
        .stage("job")
        .retries(0)
        .input(JsonNodeFactory.instance.objectNode().put("n", n))
        .build();
  }

  private static JobSpec.Builder job(String stage) {
    return JobSpec.builder(stage, BuiltinHandlers.NOOP).retries(0).backoff(BACKOFF);
  }

  static Plan plan(String name, List<JobSpec> jobs) {
    return new Plan(name, null, null, Map.of(), List.of(QueueSpec.defaultQueue()), jobs);
  }

  /**
   * Layers of up to {@link #DAG_WIDTH} jobs; each job depends on two jobs of the layer before. A
   * dependency names its parent with the parent's own stage string, as a program that keeps its
   * stage names would (a new string per reference cost a 1,000,000-job plan about 100 MB more).
   */
  static Plan layeredDag(int count) {
    int width = Math.min(DAG_WIDTH, Math.max(1, count / 10));
    String[] stages = new String[count];
    List<JobSpec> jobs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int layer = i / width;
      int column = i % width;
      stages[i] = "d" + i;
      JobSpec.Builder job = job(stages[i]);
      if (layer > 0) {
        int previous = (layer - 1) * width;
        int other = previous + (column + 1) % width;
        job.dependsOn(stages[previous + column]);
        if (other != previous + column && other < i) {
          job.dependsOn(stages[other]);
        }
      }
      jobs.add(job.build());
    }
    return plan("bench-dag", jobs);
  }

  private static void checkComplete(FlowRuntime runtime, long runId)
      throws InterruptedException, TimeoutException {
    RunView run = runtime.awaitRun(runId, Duration.ofSeconds(30));
    if (run.status() != RunStatus.COMPLETE) {
      throw new IllegalStateException("benchmark run " + runId + " ended " + run.status());
    }
  }

  static double perSecond(int count, long nanos) {
    return count / (nanos / 1e9);
  }

  static double percentile(long[] sorted, int percent) {
    int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  /** Counts the completions committed in this process. */
  static final class Completions {
    private final CountDownLatch done;
    private final AtomicInteger count = new AtomicInteger();
    private final long[] times;

    Completions(int jobs) {
      this.done = new CountDownLatch(jobs);
      this.times = new long[jobs];
    }

    void onEvent(JobEvent event) {
      if (event.state() == JobState.COMPLETE && !event.isProgress()) {
        int slot = count.getAndIncrement();
        if (slot < times.length) {
          times[slot] = System.nanoTime();
        }
        done.countDown();
      }
    }

    /** How many completions came before {@code nanoTime}. */
    int completedAt(long nanoTime) {
      int n = 0;
      for (int i = 0; i < Math.min(count.get(), times.length); i++) {
        if (times[i] != 0 && times[i] <= nanoTime) {
          n++;
        }
      }
      return n;
    }

    void await() throws InterruptedException, TimeoutException {
      if (!done.await(PHASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException(
            "%d jobs still not complete after %s".formatted(done.getCount(), PHASE_TIMEOUT));
      }
    }
  }
}
