package dev.flowc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fan-out of no-op items end to end against the same store's plain no-op throughput, measured in
 * pairs that alternate (a busy machine's load then weighs on both alike): each pair drains a plan
 * of N plain jobs ({@code drain}) and runs a stage fanned out over N items ({@code fanout}), each
 * in a new JVM on a fresh store, the fan-out's JVM with its heap capped at {@value #HEAP_CAP_MB}
 * MB. Prints one line per measurement and the medians.
 *
 * <pre>
 * java -cp BENCH_CLASSPATH dev.flowc.bench.FanOutBenchmark [--items N] [--pairs P] [--store URL]
 * </pre>
 *
 * Without {@code --store} the stores are SQLite files (sync NORMAL) in a temporary directory; with
 * a {@code jdbc:postgresql://} URL of a role that may create databases, fresh databases on it.
 */
public final class FanOutBenchmark {
  static final int HEAP_CAP_MB = 256;
  private static final Duration TIMEOUT = Duration.ofMinutes(15);

  private FanOutBenchmark() {}

  public static void main(String[] args) throws Exception {
    int items = 100_000;
    int pairs = 3;
    String server = null;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--items" -> items = Integer.parseInt(args[i + 1]);
        case "--pairs" -> pairs = Integer.parseInt(args[i + 1]);
        case "--store" -> server = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path directory = Files.createTempDirectory("flowc-fan-out-bench");
    try {
      BenchStores stores = new BenchStores(directory, server);
      List<Double> plain = new ArrayList<>();
      List<Double> fanned = new ArrayList<>();
      List<Double> heaps = new ArrayList<>();
      for (int pair = 1; pair <= pairs; pair++) {
        JsonNode drain = phase(stores, "drain", items, List.of());
        plain.add(drain.get("processed_per_s").asDouble());
        JsonNode fanOut = phase(stores, "fanout", items, List.of("-Xmx" + HEAP_CAP_MB + "m"));
        fanned.add(fanOut.get("items_per_s").asDouble());
        double heap = 0;
        for (JsonNode phase : fanOut.get("memory")) {
          heap = Math.max(heap, phase.get("heap_after_gc_mb").asDouble());
        }
        heaps.add(heap);
        System.out.printf(
            "pair %d: plain no-op jobs %,.0f/s; fan-out items %,.0f/s (%.2f of plain), peak heap"
                + " after GC %.1f MB (capped at %d MB)%n",
            pair,
            plain.get(pair - 1),
            fanned.get(pair - 1),
            fanned.get(pair - 1) / plain.get(pair - 1),
            heap,
            HEAP_CAP_MB);
      }
      double plainMedian = median(plain);
      double fannedMedian = median(fanned);
      System.out.printf(
          "%s, %,d: median plain %,.0f jobs/s, median fan-out %,.0f items/s (%.2f of plain;"
              + " target >= 0.5), peak heap after GC %.1f MB (target < %d MB)%n",
          stores.describe(),
          items,
          plainMedian,
          fannedMedian,
          fannedMedian / plainMedian,
          heaps.stream().mapToDouble(Double::doubleValue).max().orElse(0),
          HEAP_CAP_MB);
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

  private static JsonNode phase(BenchStores stores, String phase, int jobs, List<String> jvm)
      throws Exception {
    String store = stores.fresh(phase);
    try (ChildJvm child =
        ChildJvm.start(
            jvm, List.of(phase, "--store", store, "--sync", "normal", "--jobs", "" + jobs))) {
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
}
