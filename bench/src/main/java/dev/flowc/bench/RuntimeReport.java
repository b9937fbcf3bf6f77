package dev.flowc.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
 * What {@link RuntimeBenchmark} measured, with the targets of issue 10, as a table or as JSON.
 *
 * @param settings what was asked for
 * @param store where the stores were (no credentials)
 * @param machine where it ran
 * @param load what else the machine did meanwhile
 * @param measurements one per sync mode on SQLite, one on PostgreSQL
 */
public record RuntimeReport(
    RuntimeBenchmark.Settings settings,
    String store,
    Machine machine,
    MachineLoad load,
    List<Measurement> measurements) {

  public static final double TARGET_ENQUEUE_PER_S = 100_000;
  public static final double TARGET_SQLITE_USER_PATH_PER_S = 30_000;
  public static final double TARGET_POSTGRES_TWO_WORKERS_PER_S = 20_000;
  public static final double TARGET_P99_MS = 5;
  public static final double TARGET_HEAP_MB = 256;
  public static final int HEAP_TARGET_JOBS = 1_000_000;

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
   * @param jvmOptions the JVM's command-line options, which every measuring JVM gets too
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
   * Parent-handler-end to child-handler-start latency over two-job chains, in milliseconds.
   *
   * @param chains how many chains were timed
   * @param crossProcess how many of them had parent and child in different processes (timed with
   *     the wall clock in microseconds; the others with {@code System.nanoTime})
   * @param ratePerSecond the pace chains were submitted at
   */
  public record Latency(
      int chains,
      int crossProcess,
      double ratePerSecond,
      double p50Ms,
      double p99Ms,
      double maxMs) {}

  /**
   * The peaks of one step of a process, in MiB.
   *
   * @param heapUsedMb heap in use, garbage included
   * @param heapAfterGcMb heap in use right after a GC, an upper bound of the live heap
   * @param rssMb resident set
   */
  public record Memory(String phase, double heapUsedMb, double heapAfterGcMb, double rssMb) {}

  /**
   * A layered DAG built, submitted and run in one process.
   *
   * @param jobs its size
   * @param buildS seconds to build the plan
   * @param submitS seconds to submit it
   * @param processedPerSecond how fast it ran
   * @param phases the process's memory per step
   * @param peakRssMb the process's peak resident set ({@code VmHWM})
   * @param maxHeapMb the process's maximum heap
   * @param fittedHeapCap whether it ran in a JVM capped at {@link #TARGET_HEAP_MB} ({@code -Xmx}):
   *     then its live heap never exceeded the target
   */
  public record Dag(
      int jobs,
      double buildS,
      double submitS,
      double processedPerSecond,
      List<Memory> phases,
      double peakRssMb,
      double maxHeapMb,
      boolean fittedHeapCap) {
    public Dag {
      phases = List.copyOf(phases);
    }

    /** The peak heap after a GC over the steps that hold the plan or run it. */
    public double peakHeapAfterGcMb() {
      return phases.stream().mapToDouble(Memory::heapAfterGcMb).max().orElse(-1);
    }

    /** The peak heap in use, garbage included. */
    public double peakHeapUsedMb() {
      return phases.stream().mapToDouble(Memory::heapUsedMb).max().orElse(-1);
    }
  }

  /**
   * {@code workers} worker processes on one store, fed by the bench process: first in JVMs just
   * started, then as long-running workers are, with as many jobs again.
   *
   * @param enqueuePerSecond the bench process's {@code enqueueAll} while they ran
   * @param processedPerSecond from the first enqueue to the last completion, the workers' first
   *     jobs (their JVMs still compiling)
   * @param warmEnqueuePerSecond the same as {@code enqueuePerSecond}, for the second feed
   * @param warmProcessedPerSecond the same as {@code processedPerSecond}, for as many jobs again,
   *     fed to the same workers once they finished the first: the rate of running workers, which
   *     the target of 2 workers is read on
   * @param latency the chains run by these workers
   */
  public record Scaling(
      int workers,
      double enqueuePerSecond,
      double processedPerSecond,
      double warmEnqueuePerSecond,
      double warmProcessedPerSecond,
      Latency latency) {}

  /**
   * The figures of one store configuration.
   *
   * @param name {@code sync=normal}, {@code sync=full} or {@code postgresql}
   * @param postgres whether it is PostgreSQL
   * @param enqueueBatchPerSecond {@code enqueueAll}, 1,000 per call, the median of 3 rounds
   * @param enqueueBatchColdPerSecond the first of those rounds, in a JVM just started
   * @param enqueueOneCallPerSecond the same number of jobs in one call, the first of a JVM just
   *     started
   * @param enqueueSinglePerSecond {@code enqueue} one by one while a worker runs
   * @param userPathPerSecond one-by-one enqueue, default worker: first enqueue to last completion
   * @param userPathBatchPerSecond the same with {@code enqueueAll}, 1,000 per call
   * @param userPathPeakRssMb the peak resident set of that one-by-one process
   * @param submitPerSecond the jobs of one plan, submitted in one call
   * @param drainPerSecond the plan's jobs drained from the store by the default worker
   * @param latency chains run by a worker in the submitting process
   * @param dag the DAG and its memory
   * @param scaling worker processes, when asked for
   */
  public record Measurement(
      String name,
      boolean postgres,
      double enqueueBatchPerSecond,
      double enqueueBatchColdPerSecond,
      double enqueueOneCallPerSecond,
      double enqueueSinglePerSecond,
      double userPathPerSecond,
      double userPathBatchPerSecond,
      double userPathPeakRssMb,
      double submitPerSecond,
      double drainPerSecond,
      Latency latency,
      Dag dag,
      List<Scaling> scaling) {
    public Measurement {
      scaling = List.copyOf(scaling);
    }

    /** The targets this measurement missed, in words; empty when it met them all. */
    public List<String> missedTargets() {
      List<String> missed = new ArrayList<>();
      if (enqueueBatchPerSecond < TARGET_ENQUEUE_PER_S) {
        missed.add(
            "%s: enqueueAll %s < %s"
                .formatted(name, rate(enqueueBatchPerSecond), rate(TARGET_ENQUEUE_PER_S)));
      }
      if (!postgres && userPathPerSecond < TARGET_SQLITE_USER_PATH_PER_S) {
        missed.add(
            "%s: user path %s < %s"
                .formatted(name, rate(userPathPerSecond), rate(TARGET_SQLITE_USER_PATH_PER_S)));
      }
      if (latency.p99Ms() > TARGET_P99_MS) {
        missed.add("%s: chain p99 %s > %s".formatted(name, ms(latency.p99Ms()), ms(TARGET_P99_MS)));
      }
      for (Scaling s : scaling) {
        if (s.latency().p99Ms() > TARGET_P99_MS) {
          missed.add(
              "%s, %d workers: chain p99 %s > %s"
                  .formatted(name, s.workers(), ms(s.latency().p99Ms()), ms(TARGET_P99_MS)));
        }
        if (postgres
            && s.workers() == 2
            && s.warmProcessedPerSecond() < TARGET_POSTGRES_TWO_WORKERS_PER_S) {
          missed.add(
              "%s, 2 workers: %s < %s"
                  .formatted(
                      name,
                      rate(s.warmProcessedPerSecond()),
                      rate(TARGET_POSTGRES_TWO_WORKERS_PER_S)));
        }
      }
      if (!dag.fittedHeapCap()) {
        missed.add(
            "%s: the DAG of %,d jobs did not run within a %s heap"
                .formatted(name, dag.jobs(), mb(TARGET_HEAP_MB)));
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

  /** The last line: the targets met or missed, and what was not measured. */
  public String verdict() {
    List<String> missed = missedTargets();
    String verdict =
        missed.isEmpty()
            ? "every target measured here met"
            : "missed: " + String.join("; ", missed);
    if (settings.jobs() < HEAP_TARGET_JOBS) {
      verdict +=
          "\nnot measured: the heap target of a %,d-job plan (this run built %,d; use --jobs %d)"
              .formatted(HEAP_TARGET_JOBS, settings.jobs(), HEAP_TARGET_JOBS);
    }
    if (measurements.stream().anyMatch(Measurement::postgres)
        && measurements.stream()
            .flatMap(m -> m.scaling().stream())
            .noneMatch(s -> s.workers() == 2)) {
      verdict += "\nnot measured: 2 worker processes on PostgreSQL (use --workers 1,2,4)";
    }
    return verdict;
  }

  /** A table: one row per figure, one column per store configuration, then the target. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "flowc bench: %,d jobs; %s; worker of %d threads, prefetch %s; each figure in a new JVM%n",
            settings.jobs(),
            store,
            settings.threads(),
            settings.prefetch() == null ? "default" : settings.prefetch().toString()));
    out.append(
        String.format(
            Locale.ROOT,
            "machine: %d cores, Java %s (%s), max heap %,d MB, GC %s%n",
            machine.cores(),
            machine.java(),
            machine.vm(),
            machine.maxHeapMb(),
            machine.gc()));
    String conditions = load.describe();
    if (conditions != null) {
      out.append(conditions).append('\n');
    }
    out.append(
        "JVM options: "
            + (machine.jvmOptions().isEmpty() ? "none" : String.join(" ", machine.jvmOptions()))
            + "\n\n");
    List<String> header = new ArrayList<>();
    header.add("");
    measurements.forEach(m -> header.add(m.name()));
    header.add("target");
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    row(
        rows,
        "enqueueAll, 1,000 per call (median of 3)",
        m -> rate(m.enqueueBatchPerSecond()),
        ">= " + rate(TARGET_ENQUEUE_PER_S));
    row(rows, "  first round, cold JVM", m -> rate(m.enqueueBatchColdPerSecond()), "");
    row(
        rows,
        "enqueueAll, %,d jobs in one call (cold JVM)".formatted(settings.jobs()),
        m -> rate(m.enqueueOneCallPerSecond()),
        "");
    row(
        rows,
        "user path: enqueue 1 by 1 -> last completion",
        m -> rate(m.userPathPerSecond()),
        ">= " + rate(TARGET_SQLITE_USER_PATH_PER_S) + " (SQLite)");
    row(rows, "  its enqueue 1 by 1", m -> rate(m.enqueueSinglePerSecond()), "");
    row(rows, "  its process's peak RSS (VmHWM)", m -> mb(m.userPathPeakRssMb()), "");
    row(
        rows,
        "user path with enqueueAll -> last completion",
        m -> rate(m.userPathBatchPerSecond()),
        "");
    row(rows, "submit (one plan)", m -> rate(m.submitPerSecond()), "");
    row(rows, "drain a pre-filled store", m -> rate(m.drainPerSecond()), "");
    int chains = measurements.get(0).latency().chains();
    row(
        rows,
        "parent end -> child start p50 (%,d chains)".formatted(chains),
        m -> ms(m.latency().p50Ms()),
        "");
    row(rows, "  p99", m -> ms(m.latency().p99Ms()), "<= " + ms(TARGET_P99_MS));
    row(rows, "  max", m -> ms(m.latency().maxMs()), "");
    row(
        rows,
        "DAG of %,d jobs: build, submit, run".formatted(settings.jobs()),
        m -> "%.1f+%.1f s".formatted(m.dag().buildS(), m.dag().submitS()),
        "");
    row(rows, "  run", m -> rate(m.dag().processedPerSecond()), "");
    row(
        rows,
        "  ran within -Xmx%dm (whole process)".formatted((int) TARGET_HEAP_MB),
        m -> m.dag().fittedHeapCap() ? "yes" : "NO",
        "yes");
    row(rows, "  heap after GC, peak", m -> mb(m.dag().peakHeapAfterGcMb()), "");
    for (String phase : List.of("build", "submit", "run")) {
      row(
          rows,
          "    during " + phase,
          m ->
              m.dag().phases().stream()
                  .filter(p -> p.phase().equals(phase))
                  .findFirst()
                  .map(p -> mb(p.heapAfterGcMb()))
                  .orElse("-"),
          "");
    }
    row(rows, "  heap in use, peak (garbage included)", m -> mb(m.dag().peakHeapUsedMb()), "");
    row(rows, "  peak RSS (VmHWM)", m -> mb(m.dag().peakRssMb()), "");
    table(out, rows);
    for (Measurement m : measurements) {
      if (m.scaling().isEmpty()) {
        continue;
      }
      out.append('\n')
          .append(m.name())
          .append(
              ", worker processes fed by the bench process (in new JVMs, then as many jobs again"
                  + " to the same workers, warm):\n");
      List<List<String>> scaling = new ArrayList<>();
      scaling.add(
          List.of(
              "workers",
              "processed: new JVMs",
              "its enqueueAll",
              "then warm",
              "its enqueueAll",
              "chain p50",
              "p99",
              "max",
              "crossed"));
      for (Scaling s : m.scaling()) {
        scaling.add(
            List.of(
                Integer.toString(s.workers()),
                rate(s.processedPerSecond()),
                rate(s.enqueuePerSecond()),
                rate(s.warmProcessedPerSecond()),
                rate(s.warmEnqueuePerSecond()),
                ms(s.latency().p50Ms()),
                ms(s.latency().p99Ms()),
                ms(s.latency().maxMs()),
                "%,d".formatted(s.latency().crossProcess())));
      }
      table(out, scaling);
    }
    out.append('\n').append(verdict()).append('\n');
    return out.toString();
  }

  private static void table(StringBuilder out, List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
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
    root.put("store", store);
    root.put("threads", settings.threads());
    root.put("prefetch", settings.prefetch());
    root.put("enqueue_chunk", BenchProcess.ENQUEUE_CHUNK);
    root.put("machine", machine);
    root.put("load", load);
    List<Map<String, Object>> results = new ArrayList<>();
    for (Measurement m : measurements) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("name", m.name());
      result.put("enqueue_all_jobs_per_s", round(m.enqueueBatchPerSecond()));
      result.put("enqueue_all_cold_jobs_per_s", round(m.enqueueBatchColdPerSecond()));
      result.put("enqueue_all_one_call_jobs_per_s", round(m.enqueueOneCallPerSecond()));
      result.put("enqueue_single_jobs_per_s", round(m.enqueueSinglePerSecond()));
      result.put("user_path_jobs_per_s", round(m.userPathPerSecond()));
      result.put("user_path_enqueue_all_jobs_per_s", round(m.userPathBatchPerSecond()));
      result.put("user_path_peak_rss_mb", round3(m.userPathPeakRssMb()));
      result.put("submit_jobs_per_s", round(m.submitPerSecond()));
      result.put("drain_jobs_per_s", round(m.drainPerSecond()));
      result.put("chain_latency", m.latency());
      result.put("dag", m.dag());
      result.put("dag_peak_heap_after_gc_mb", round3(m.dag().peakHeapAfterGcMb()));
      result.put("scaling", m.scaling());
      result.put("missed_targets", m.missedTargets());
      results.add(result);
    }
    root.put("results", results);
    Map<String, Object> targets = new LinkedHashMap<>();
    targets.put("enqueue_all_jobs_per_s", TARGET_ENQUEUE_PER_S);
    targets.put("sqlite_user_path_jobs_per_s", TARGET_SQLITE_USER_PATH_PER_S);
    targets.put("postgres_two_workers_jobs_per_s", TARGET_POSTGRES_TWO_WORKERS_PER_S);
    targets.put("chain_p99_ms", TARGET_P99_MS);
    targets.put("heap_mb", TARGET_HEAP_MB);
    targets.put("heap_target_jobs", HEAP_TARGET_JOBS);
    root.put("targets", targets);
    root.put("verdict", verdict());
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
