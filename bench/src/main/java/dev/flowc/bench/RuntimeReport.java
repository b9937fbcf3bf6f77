package dev.flowc.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flowc.runtime.SyncMode;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@link RuntimeBenchmark} measured, with the targets of the runtime design, as a table or as
 * JSON.
 *
 * @param settings what was asked for
 * @param machine where it ran
 * @param measurements one per sync mode, in the order measured
 */
public record RuntimeReport(
    RuntimeBenchmark.Settings settings, Machine machine, List<Measurement> measurements) {

  public static final double TARGET_ENQUEUE_PER_S = 100_000;
  public static final double TARGET_PROCESSED_PER_S = 20_000;
  public static final double TARGET_P99_MS = 10;
  public static final double TARGET_HEAP_MB = 256;

  public RuntimeReport {
    measurements = List.copyOf(measurements);
  }

  /**
   * The machine and JVM.
   *
   * @param cores available processors
   * @param java the Java version
   * @param vm the JVM's name
   * @param maxHeapMb the maximum heap ({@code -Xmx}), in MiB
   * @param gc the garbage collectors' names
   * @param jvmOptions the JVM's command-line options (the launcher's, or none)
   */
  public record Machine(
      int cores, String java, String vm, long maxHeapMb, String gc, List<String> jvmOptions) {
    public Machine {
      jvmOptions = List.copyOf(jvmOptions);
    }

    static Machine current() {
      return new Machine(
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          System.getProperty("java.vm.name"),
          Runtime.getRuntime().maxMemory() / (1024 * 1024),
          ManagementFactory.getGarbageCollectorMXBeans().stream()
              .map(GarbageCollectorMXBean::getName)
              .collect(Collectors.joining(", ")),
          ManagementFactory.getRuntimeMXBean().getInputArguments());
    }
  }

  /**
   * Parent-to-child latency over two-job chains, in milliseconds.
   *
   * @param chains how many chains were timed
   */
  public record Latency(int chains, double p50Ms, double p99Ms, double maxMs) {}

  /**
   * The layered DAG run while memory was sampled.
   *
   * @param jobs its size
   * @param jobsPerSecond how fast it ran (slowed by the sampler's forced GCs)
   * @param heapMb the peak heap used after a full GC, in MiB
   * @param rssMb the peak resident set, in MiB, or -1 when unknown
   */
  public record Dag(int jobs, double jobsPerSecond, double heapMb, double rssMb) {}

  /**
   * The figures of one sync mode.
   *
   * @param enqueuePerSecond single jobs through {@code enqueueAll}, 1,000 per transaction (the
   *     median of three runs)
   * @param submitPerSecond the jobs of one plan, submitted in one transaction
   * @param processedPerSecond independent no-op jobs run end to end
   */
  public record Measurement(
      SyncMode sync,
      double enqueuePerSecond,
      double submitPerSecond,
      double processedPerSecond,
      Latency latency,
      Dag dag) {

    /** The targets this measurement missed, in words; empty when it met them all. */
    public List<String> missedTargets() {
      List<String> missed = new ArrayList<>();
      String mode = sync.name().toLowerCase(Locale.ROOT);
      if (enqueuePerSecond < TARGET_ENQUEUE_PER_S) {
        missed.add(
            "%s: enqueue %s < %s"
                .formatted(mode, rate(enqueuePerSecond), rate(TARGET_ENQUEUE_PER_S)));
      }
      if (processedPerSecond < TARGET_PROCESSED_PER_S) {
        missed.add(
            "%s: processed %s < %s"
                .formatted(mode, rate(processedPerSecond), rate(TARGET_PROCESSED_PER_S)));
      }
      if (latency.p99Ms() > TARGET_P99_MS) {
        missed.add("%s: chain p99 %s > %s".formatted(mode, ms(latency.p99Ms()), ms(TARGET_P99_MS)));
      }
      if (dag.heapMb() >= TARGET_HEAP_MB) {
        missed.add("%s: heap %s >= %s".formatted(mode, mb(dag.heapMb()), mb(TARGET_HEAP_MB)));
      }
      return missed;
    }
  }

  /** Every missed target of every measurement. */
  public List<String> missedTargets() {
    List<String> missed = new ArrayList<>();
    measurements.forEach(m -> missed.addAll(m.missedTargets()));
    return missed;
  }

  /** A table: one row per figure, one column per sync mode, then the target. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "flowc bench: %,d jobs on a SQLite file store; worker of %d threads, prefetch %d%n",
            settings.jobs(),
            settings.threads(),
            settings.prefetch()));
    out.append(
        String.format(
            Locale.ROOT,
            "machine: %d cores, Java %s (%s), max heap %,d MB, GC %s%n",
            machine.cores(),
            machine.java(),
            machine.vm(),
            machine.maxHeapMb(),
            machine.gc()));
    out.append(
        "JVM options: "
            + (machine.jvmOptions().isEmpty() ? "none" : String.join(" ", machine.jvmOptions()))
            + "\n\n");
    List<String> header = new ArrayList<>();
    header.add("");
    measurements.forEach(m -> header.add("sync=" + m.sync().name().toLowerCase(Locale.ROOT)));
    header.add("target");
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    row(
        rows,
        "enqueue (enqueueAll, %,d per tx, median of %d)"
            .formatted(RuntimeBenchmark.ENQUEUE_BATCH, RuntimeBenchmark.ENQUEUE_RUNS),
        m -> rate(m.enqueuePerSecond()),
        ">= " + rate(TARGET_ENQUEUE_PER_S));
    row(rows, "submit (one plan, one tx)", m -> rate(m.submitPerSecond()), "");
    row(
        rows,
        "no-op jobs processed",
        m -> rate(m.processedPerSecond()),
        ">= " + rate(TARGET_PROCESSED_PER_S));
    int chains = measurements.get(0).latency().chains();
    row(
        rows,
        "parent->child p50 (%,d chains, %d at a time)".formatted(chains, RuntimeBenchmark.WINDOW),
        m -> ms(m.latency().p50Ms()),
        "");
    row(rows, "parent->child p99", m -> ms(m.latency().p99Ms()), "<= " + ms(TARGET_P99_MS));
    row(rows, "parent->child max", m -> ms(m.latency().maxMs()), "");
    row(
        rows,
        "DAG of %,d jobs, while sampling memory".formatted(settings.jobs()),
        m -> rate(m.dag().jobsPerSecond()),
        "");
    row(rows, "  heap used after GC, peak", m -> mb(m.dag().heapMb()), "< " + mb(TARGET_HEAP_MB));
    row(rows, "  resident set (VmRSS), peak", m -> mb(m.dag().rssMb()), "");
    int[] widths = new int[header.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        if (i == 0) {
          line.append(cell).append(" ".repeat(widths[i] - cell.length()));
        } else {
          line.append("  ").append(" ".repeat(widths[i] - cell.length())).append(cell);
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    List<String> missed = missedTargets();
    out.append('\n');
    out.append(missed.isEmpty() ? "every target met" : "missed: " + String.join("; ", missed));
    out.append('\n');
    return out.toString();
  }

  private void row(
      List<List<String>> rows, String label, Function<Measurement, String> cell, String target) {
    List<String> row = new ArrayList<>();
    row.add(label);
    measurements.forEach(m -> row.add(cell.apply(m)));
    row.add(target);
    rows.add(row);
  }

  /** The figures as a JSON object (stable keys, rates in jobs per second, times in ms). */
  public String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("jobs", settings.jobs());
    root.put("threads", settings.threads());
    root.put("prefetch", settings.prefetch());
    root.put("enqueue_batch", RuntimeBenchmark.ENQUEUE_BATCH);
    root.put("enqueue_runs", RuntimeBenchmark.ENQUEUE_RUNS);
    root.put("chain_window", RuntimeBenchmark.WINDOW);
    Map<String, Object> machineJson = new LinkedHashMap<>();
    machineJson.put("cores", machine.cores());
    machineJson.put("java", machine.java());
    machineJson.put("vm", machine.vm());
    machineJson.put("max_heap_mb", machine.maxHeapMb());
    machineJson.put("gc", machine.gc());
    machineJson.put("jvm_options", machine.jvmOptions());
    root.put("machine", machineJson);
    List<Map<String, Object>> results = new ArrayList<>();
    for (Measurement m : measurements) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("sync", m.sync().name().toLowerCase(Locale.ROOT));
      result.put("enqueue_jobs_per_s", round(m.enqueuePerSecond()));
      result.put("submit_jobs_per_s", round(m.submitPerSecond()));
      result.put("processed_jobs_per_s", round(m.processedPerSecond()));
      Map<String, Object> latency = new LinkedHashMap<>();
      latency.put("chains", m.latency().chains());
      latency.put("p50_ms", round3(m.latency().p50Ms()));
      latency.put("p99_ms", round3(m.latency().p99Ms()));
      latency.put("max_ms", round3(m.latency().maxMs()));
      result.put("chain_latency", latency);
      Map<String, Object> dag = new LinkedHashMap<>();
      dag.put("jobs", m.dag().jobs());
      dag.put("jobs_per_s", round(m.dag().jobsPerSecond()));
      dag.put("heap_after_gc_mb", round3(m.dag().heapMb()));
      dag.put("rss_mb", round3(m.dag().rssMb()));
      result.put("dag", dag);
      result.put("missed_targets", m.missedTargets());
      results.add(result);
    }
    root.put("results", results);
    Map<String, Object> targets = new LinkedHashMap<>();
    targets.put("enqueue_jobs_per_s", TARGET_ENQUEUE_PER_S);
    targets.put("processed_jobs_per_s", TARGET_PROCESSED_PER_S);
    targets.put("chain_p99_ms", TARGET_P99_MS);
    targets.put("heap_mb", TARGET_HEAP_MB);
    root.put("targets", targets);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long round(double value) {
    return Math.round(value);
  }

  private static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,d/s", Math.round(perSecond));
  }

  static String ms(double ms) {
    return String.format(Locale.ROOT, ms < 1 ? "%.3f ms" : ms < 10 ? "%.2f ms" : "%.1f ms", ms);
  }

  static String mb(double mb) {
    return mb < 0 ? "-" : String.format(Locale.ROOT, "%,.0f MB", mb);
  }
}
