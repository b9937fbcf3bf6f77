package dev.flowc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.dag.Rate;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.handler.BuiltinHandlers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Issue 13: how precisely a queue's rate holds across worker processes, and what rates cost the
 * throughput, through the public API with default worker options.
 *
 * <ul>
 *   <li><b>precision</b>: {@code --processes} worker JVMs of {@code --threads} threads each on one
 *       fresh store; a plan of {@code rate × (seconds + 1)} no-op jobs in a queue of {@code rate
 *       --rate/s} is submitted once they run. When the run is complete, the jobs' handler starts
 *       (as stored) are counted per 1-second window from the first: the first window holds the full
 *       bucket and a second's tokens, every later full window at most the rate.
 *   <li><b>cost</b>: in pairs that alternate, each in a new JVM on a fresh store, {@code --jobs}
 *       no-op jobs drained by one default worker ({@code BenchProcess rate-drain}): in a queue
 *       without a rate ({@code none}), in a queue whose rate never binds ({@code limited}: every
 *       claim through the bucket), and beside a queue of {@code rate 50/s} whose jobs keep waiting
 *       for tokens ({@code beside}).
 * </ul>
 *
 * <pre>
 * java -cp BENCH_CLASSPATH dev.flowc.bench.RateBenchmark [--rate 50] [--seconds 20]
 *     [--processes 2] [--threads 2] [--jobs 20000] [--pairs 3] [--only precision|cost]
 *     [--store URL]
 * </pre>
 */
public final class RateBenchmark {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private RateBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    String only = options.getOrDefault("--only", "");
    Path directory = Files.createTempDirectory("flowc-rate-bench");
    try {
      BenchStores stores = new BenchStores(directory, options.get("--store"));
      System.out.printf("%s; load average %s%n", stores.describe(), loadAverage());
      if (!only.equals("cost")) {
        precision(
            stores,
            Integer.parseInt(options.getOrDefault("--rate", "50")),
            Integer.parseInt(options.getOrDefault("--seconds", "20")),
            Integer.parseInt(options.getOrDefault("--processes", "2")),
            Integer.parseInt(options.getOrDefault("--threads", "2")));
      }
      if (!only.equals("precision")) {
        cost(
            stores,
            Integer.parseInt(options.getOrDefault("--jobs", "20000")),
            Integer.parseInt(options.getOrDefault("--pairs", "3")));
      }
      System.out.printf("load average at the end %s%n", loadAverage());
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        System.err.println("could not delete " + directory + ": " + e.getMessage());
      }
    }
  }

  private static void precision(
      BenchStores stores, int rate, int seconds, int processes, int threads) throws Exception {
    String store = stores.fresh("rate-precision");
    List<ChildJvm> workers = new ArrayList<>();
    try {
      for (int i = 0; i < processes; i++) {
        workers.add(
            ChildJvm.start(
                List.of(
                    "worker",
                    "--store",
                    store,
                    "--sync",
                    "normal",
                    "--threads",
                    Integer.toString(threads))));
      }
      for (ChildJvm worker : workers) {
        worker.awaitReady();
      }
      int jobs = rate * (seconds + 1);
      List<JobSpec> specs = new ArrayList<>(jobs);
      for (int i = 0; i < jobs; i++) {
        specs.add(JobSpec.builder("api" + i, BuiltinHandlers.NOOP).queue("api").retries(0).build());
      }
      Plan plan =
          new Plan(
              "bench-rate",
              null,
              null,
              Map.of(),
              List.of(QueueSpec.defaultQueue(), new QueueSpec("api", null, Rate.perSecond(rate))),
              specs);
      List<Long> starts = new ArrayList<>(jobs);
      try (FlowRuntime runtime = BenchStores.builder(store, SyncMode.NORMAL).open()) {
        RunView run = runtime.submit(plan);
        RunView done = runtime.awaitRun(run.id(), TIMEOUT);
        if (done.status() != RunStatus.COMPLETE) {
          throw new IllegalStateException("the run ended " + done.status());
        }
        for (JobSummary job : runtime.jobs(run.id())) {
          starts.add(job.startedAt().toEpochMilli());
        }
      }
      report(starts, rate, processes, threads);
    } finally {
      for (ChildJvm worker : workers) {
        worker.stop();
      }
      for (ChildJvm worker : workers) {
        worker.result(Duration.ofMinutes(1));
        worker.close();
      }
      stores.dispose(store);
    }
  }

  private static void report(List<Long> starts, int rate, int processes, int threads) {
    starts.sort(null);
    long first = starts.get(0);
    long last = starts.get(starts.size() - 1);
    int windows = (int) ((last - first) / 1000) + 1;
    int[] perWindow = new int[windows];
    for (long start : starts) {
      perWindow[(int) ((start - first) / 1000)]++;
    }
    // The last window is partial: the jobs ran out.
    int[] full = Arrays.copyOfRange(perWindow, 1, Math.max(1, windows - 1));
    int min = Arrays.stream(full).min().orElse(0);
    int max = Arrays.stream(full).max().orElse(0);
    // The bucket's bound from any start to a later one: rate + rate x seconds between them.
    double excess = 0;
    for (int i = 0; i < starts.size(); i++) {
      for (int j = i + 1; j < starts.size(); j++) {
        double bound = rate + rate * (starts.get(j) - starts.get(i)) / 1000.0;
        excess = Math.max(excess, (j - i + 1) - bound);
      }
    }
    System.out.printf(
        "precision: rate %d/s, %d worker processes x %d threads, %,d jobs over %.1f s (from %s)%n",
        rate,
        processes,
        threads,
        starts.size(),
        (last - first) / 1000.0,
        Instant.ofEpochMilli(first));
    System.out.printf("  starts per 1-s window: %s%n", Arrays.toString(perWindow));
    System.out.printf(
        "  first window %d (the full bucket and a second's tokens: at most %d); the %d full"
            + " windows after it: min %d, max %d (rate %d)%n",
        perWindow[0], 2 * rate, full.length, min, max, rate);
    System.out.printf(
        "  most starts above the bucket's bound (rate + rate x time) between any two starts:"
            + " %.2f%n",
        excess);
  }

  private static void cost(BenchStores stores, int jobs, int pairs) throws Exception {
    List<String> variants = List.of("none", "limited", "beside");
    Map<String, List<Double>> figures = new LinkedHashMap<>();
    for (String variant : variants) {
      figures.put(variant, new ArrayList<>());
    }
    for (int pair = 1; pair <= pairs; pair++) {
      StringBuilder line = new StringBuilder("pair " + pair + ":");
      // Each pair in another order, so that a trend in the machine's load weighs on all alike.
      List<String> order = new ArrayList<>(variants);
      java.util.Collections.rotate(order, pair - 1);
      for (String variant : order) {
        double perSecond = drain(stores, variant, jobs).get("processed_per_s").asDouble();
        figures.get(variant).add(perSecond);
        line.append(" %s %,.0f/s;".formatted(variant, perSecond));
      }
      System.out.println(line + " load average " + loadAverage());
    }
    double none = median(figures.get("none"));
    System.out.printf(
        "cost: %,d no-op jobs drained by one default worker, medians of %d: no rate %,.0f/s;"
            + " through a bucket that never binds %,.0f/s (%.2f); beside a queue of rate 50/s"
            + " %,.0f/s (%.2f)%n",
        jobs,
        pairs,
        none,
        median(figures.get("limited")),
        median(figures.get("limited")) / none,
        median(figures.get("beside")),
        median(figures.get("beside")) / none);
  }

  private static JsonNode drain(BenchStores stores, String variant, int jobs) throws Exception {
    String store = stores.fresh("rate-" + variant);
    try (ChildJvm child =
        ChildJvm.start(
            List.of(
                "rate-drain",
                "--store",
                store,
                "--sync",
                "normal",
                "--jobs",
                Integer.toString(jobs),
                "--variant",
                variant))) {
      return child.result(TIMEOUT);
    } finally {
      stores.dispose(store);
    }
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String loadAverage() {
    String load = MachineLoad.loadAverage();
    return load == null ? "unknown" : load;
  }
}
