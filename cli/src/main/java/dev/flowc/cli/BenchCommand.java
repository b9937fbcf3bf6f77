package dev.flowc.cli;

import dev.flowc.bench.RuntimeBenchmark;
import dev.flowc.bench.RuntimeReport;
import dev.flowc.cli.render.DataFormatOption;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.SyncMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowc bench}: the runtime's benchmark ({@link RuntimeBenchmark}) on temporary stores, with
 * the built-in no-op handler.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Measure the job queue as an application feels it, through the public API, each figure in"
          + " a new JVM on a fresh store: enqueueAll, the user's path (jobs enqueued one by one"
          + " while the default worker runs, first enqueue to last completion), submit and drain,"
          + " parent-end to child-start latency, and the whole process's heap and resident memory"
          + " while a DAG is built, submitted and run. SQLite files (sync NORMAL and FULL unless"
          + " --sync names one), or a PostgreSQL server (--store); --workers adds worker processes.",
      "Progress goes to stderr, the report to stdout. See docs/performance.md."
    })
final class BenchCommand implements Callable<Integer> {
  enum Sync {
    NORMAL,
    FULL;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  // Registered here rather than in Main, so the command is one line in FlowcCommand.
  static final class SyncChoice implements ITypeConverter<Sync> {
    @Override
    public Sync convert(String value) {
      return EnumChoice.of(Sync.class).convert(value);
    }
  }

  @Spec CommandSpec spec;

  @Option(
      names = {"-n", "--jobs"},
      paramLabel = "N",
      defaultValue = "" + RuntimeBenchmark.Settings.DEFAULT_JOBS,
      description =
          "Jobs to enqueue, run and hold in memory; N/10 parent-child chains"
              + " (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--sync",
      paramLabel = "MODE",
      converter = SyncChoice.class,
      description = "Only this sync mode: ${COMPLETION-CANDIDATES} (default: both).")
  Sync sync;

  @Mixin DataFormatOption output;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "" + RuntimeBenchmark.Settings.DEFAULT_THREADS,
      description = "The worker's handler threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--prefetch",
      paramLabel = "N",
      description =
          "Claimed jobs the worker may hold beyond its free threads (default: the worker's"
              + " default).")
  Integer prefetch;

  @Option(
      names = "--store",
      paramLabel = "STORE",
      description =
          "sqlite (temporary files, the default) or jdbc:postgresql://HOST[:PORT]/DB?user=...: a"
              + " role that may create databases; each figure gets a new database, dropped"
              + " afterwards.")
  String store;

  @Option(
      names = "--workers",
      paramLabel = "N,N...",
      description =
          "Also measure this many worker processes on one store, fed by the bench process, each"
              + " count in turn (e.g. 1,2,4).")
  String workers;

  @Option(
      names = "--chain-rate",
      paramLabel = "N",
      defaultValue = "" + RuntimeBenchmark.Settings.DEFAULT_CHAIN_RATE,
      description = "Parent-child chains submitted per second (default: ${DEFAULT-VALUE}).")
  double chainRate;

  @Override
  public Integer call() throws InterruptedException {
    RuntimeBenchmark.Settings settings;
    try {
      settings =
          RuntimeBenchmark.Settings.defaults()
              .withJobs(jobs)
              .withWorker(threads, prefetch)
              .withServer(store == null || store.equals("sqlite") ? null : store)
              .withWorkerProcesses(workers == null ? List.of() : RuntimeBenchmark.counts(workers))
              .withChainRate(chainRate)
              .withSyncModes(
                  sync == null
                      ? List.of(SyncMode.NORMAL, SyncMode.FULL)
                      : List.of(SyncMode.valueOf(sync.name())));
    } catch (IllegalArgumentException e) {
      throw new UserException(ExitCode.USAGE, e.getMessage());
    }
    PrintWriter err = spec.commandLine().getErr();
    RuntimeReport report;
    try {
      report =
          RuntimeBenchmark.run(
              settings,
              line -> {
                err.println("bench: " + line);
                err.flush();
              });
    } catch (IOException | StoreException e) {
      throw new UserException(ExitCode.STORE, "the benchmark's store failed: " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw new UserException(ExitCode.FAILED, "the benchmark failed: " + e.getMessage(), e);
    } catch (TimeoutException e) {
      throw new UserException(
          ExitCode.FAILED, "the benchmark did not finish: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(output.json() ? report.json() : report.text());
    out.flush();
    return ExitCode.OK;
  }
}
