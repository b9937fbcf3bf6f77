package dev.flowc.cli.run;

import dev.flowc.cli.CommandName;
import dev.flowc.cli.ExitCode;
import dev.flowc.cli.UserException;
import dev.flowc.cli.render.DataFormat;
import dev.flowc.cli.render.Json;
import dev.flowc.cli.render.RunTables;
import dev.flowc.cli.render.RuntimeJson;
import dev.flowc.cli.render.Style;
import dev.flowc.cli.store.RuntimeFactory;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.Worker;
import dev.flowc.runtime.WorkerOptions;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Works on one run in this process until it is final, for {@code run} and {@code resume}: a worker
 * that serves only this run, the live display or lines, the summary, and Ctrl-C.
 *
 * <p>Ctrl-C (or SIGTERM) runs a shutdown hook that stops the display, closes the worker gracefully
 * (running jobs get the grace period, then go back to {@code pending}: nothing is left {@code
 * running}), closes the store and says how to resume. The JVM then exits with 130 (143 for
 * SIGTERM). The command's own thread prints nothing after the hook started.
 *
 * <p>When the store cannot record what the worker did (a full disk), the worker stops and the run
 * ends with exit code 3 and one line: what could not be recorded, which jobs stay {@code running}
 * until their leases expire, and how to resume.
 */
final class RunSession {
  private static final int LEAF_RESULTS_UP_TO = 100;

  /** Exit code of a run stopped by an interrupt, as shells report Ctrl-C. */
  static final int INTERRUPTED = 130;

  private static final Duration SHUTDOWN_GRACE = WorkerOptions.of(1).shutdownGrace();
  private static final Duration WAIT_STEP = Duration.ofSeconds(1);
  private static final int RECLAIM_EVERY_STEPS = 5;

  private final FlowRuntime runtime;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Style style;
  private final Style errStyle;
  private final DataFormat format;
  private final boolean live;
  private final String storeArgument;
  private final Object output = new Object();
  private boolean stopping;

  /**
   * @param style the colours of {@code out}, where the summary goes
   * @param errStyle the colours of {@code err}, where progress goes
   * @param storeArgument what printed commands need to find the store ({@code " --store x.db"}), or
   *     empty
   */
  RunSession(
      FlowRuntime runtime,
      PrintWriter out,
      PrintWriter err,
      Style style,
      Style errStyle,
      DataFormat format,
      boolean live,
      String storeArgument) {
    this.runtime = runtime;
    this.out = out;
    this.err = err;
    this.style = style;
    this.errStyle = errStyle;
    this.format = format;
    this.live = live;
    this.storeArgument = storeArgument;
  }

  /**
   * Works on run {@code runId} with a worker of {@code options} until it is final, then prints the
   * summary.
   *
   * @param reclaim whether to put jobs of a dead process back to {@code pending} as soon as their
   *     leases expire (for {@code resume}), rather than when workers get to it
   * @return 0 when the run is complete, 1 when it failed or was cancelled, 130 when interrupted
   * @throws UserException (exit code 3) when the store could not record the worker's work
   */
  int work(RunView run, WorkerOptions options, boolean reclaim) {
    long runId = run.id();
    RunDisplay display =
        live
            ? new LiveDisplay(
                err, errStyle, "run %d (%s)".formatted(runId, run.pipeline()), Clock.systemUTC())
            : new LineDisplay(err, errStyle);
    RunMonitor monitor = new RunMonitor(runtime, runId, display);
    monitor.start();
    Worker worker = runtime.startWorker(options.forRun(runId));
    ShutdownHook hook = ShutdownHook.install(() -> stop(runId, monitor, worker));
    try {
      RunView done = awaitFinal(runId, reclaim, hook, worker);
      if (done == null) {
        return INTERRUPTED;
      }
      if (worker.storeFailure().isPresent() && !done.status().isFinal()) {
        worker.close();
        monitor.close();
        throw storeFailed(runId, worker);
      }
      worker.close();
      monitor.close();
      synchronized (output) {
        if (stopping) {
          hook.parkUntilHalt();
          return INTERRUPTED;
        }
        printSummary(done);
      }
      return done.status() == RunStatus.COMPLETE ? ExitCode.OK : ExitCode.FAILED;
    } catch (RuntimeException e) {
      if (hook.triggered()) {
        hook.parkUntilHalt();
        return INTERRUPTED;
      }
      throw e;
    } finally {
      hook.close();
      worker.close();
      monitor.close();
    }
  }

  /** The final run, or null when interrupted, or the run as it is when the worker failed. */
  private RunView awaitFinal(long runId, boolean reclaim, ShutdownHook hook, Worker worker) {
    int steps = 0;
    while (true) {
      if (hook.triggered()) {
        hook.parkUntilHalt();
        return null;
      }
      if (worker.storeFailure().isPresent()) {
        return runtime.run(runId).orElseThrow();
      }
      try {
        return runtime.awaitRun(runId, WAIT_STEP);
      } catch (TimeoutException e) {
        if (reclaim && ++steps % RECLAIM_EVERY_STEPS == 0) {
          runtime.reclaimExpiredLeases();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  /** The shutdown hook's action. */
  private void stop(long runId, RunMonitor monitor, Worker worker) {
    synchronized (output) {
      stopping = true;
    }
    monitor.stopping(
        "stopping: running jobs get %d s to finish, then go back to pending"
            .formatted(SHUTDOWN_GRACE.toSeconds()));
    worker.close();
    monitor.close();
    try {
      runtime.close();
    } catch (RuntimeException e) {
      // Closing is best effort here; the worker reports what it could not release.
    }
    Optional<StoreException> failure = worker.storeFailure();
    if (failure.isEmpty()) {
      err.println(
          "flowc: interrupted; run %d stays in the store and nothing of it is left running: resume it with '%s resume %d%s'"
              .formatted(runId, CommandName.current(), runId, storeArgument));
    } else {
      err.println("flowc: interrupted; " + stoppedBy(runId, worker, failure.get()));
    }
    err.flush();
    out.flush();
  }

  private UserException storeFailed(long runId, Worker worker) {
    StoreException failure = worker.storeFailure().orElseThrow();
    return new UserException(ExitCode.STORE, stoppedBy(runId, worker, failure), failure);
  }

  /** What could not be recorded, what it left behind, and how to go on: one line. */
  private String stoppedBy(long runId, Worker worker, StoreException failure) {
    Set<Long> left = worker.jobsLeftRunning();
    String leftRunning =
        left.isEmpty()
            ? "nothing of it is left running"
            : "%s %s %s left 'running' until %s lease%s expire%s"
                .formatted(
                    left.size() == 1 ? "job" : "jobs",
                    left.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                    left.size() == 1 ? "is" : "are",
                    left.size() == 1 ? "its" : "their",
                    left.size() == 1 ? "" : "s",
                    left.size() == 1 ? "s" : "");
    return "%s; run %d stopped (%s): once the store can be written again, '%s resume %d%s' finishes it"
        .formatted(
            RuntimeFactory.describeFailure(failure),
            runId,
            leftRunning,
            CommandName.current(),
            runId,
            storeArgument);
  }

  /** The run's jobs as a table (or JSON), and the commands to look further. */
  /**
   * The results of the jobs nothing depends on (the pipeline's outputs), one line each, so a run
   * shows what it produced. Skipped for large runs, where it would mean reading every job.
   */
  private void printLeafResults(List<JobSummary> jobs) {
    if (jobs.size() > LEAF_RESULTS_UP_TO) {
      return;
    }
    for (JobSummary job : jobs) {
      if (job.state() != JobState.COMPLETE) {
        continue;
      }
      runtime
          .job(job.id())
          .filter(view -> view.dependents().isEmpty())
          .filter(view -> view.result() != null && !view.result().isNull())
          .ifPresent(
              view -> {
                String result = view.result().toString();
                if (result.length() > 200) {
                  result = result.substring(0, 197) + "...";
                }
                out.println("result of %s: %s".formatted(job.stage(), result));
              });
    }
  }

  void printSummary(RunView run) {
    dev.flowc.cli.render.RunJobs stages =
        dev.flowc.cli.render.RunJobs.read(runtime, run.id(), false);
    List<JobSummary> jobs = stages.stages();
    if (format == DataFormat.JSON) {
      out.println(Json.pretty(RuntimeJson.status(run, stages, runtime.now())));
      out.flush();
      return;
    }
    RunTables.print(run, stages, runtime.now(), style, out);
    printLeafResults(jobs);
    JobSummary pointed =
        jobs.stream()
            .filter(job -> job.state() == JobState.DEAD)
            .findFirst()
            .orElse(jobs.isEmpty() ? null : jobs.get(jobs.size() - 1));
    String flowc = CommandName.current();
    StringBuilder hints =
        new StringBuilder("inspect: %s status %d%s".formatted(flowc, run.id(), storeArgument));
    if (pointed != null) {
      hints.append(
          ", %s job %d%s (%s)".formatted(flowc, pointed.id(), storeArgument, pointed.stage()));
    }
    out.println(hints);
    if (run.status() == RunStatus.FAILED) {
      out.println(
          "once the cause is fixed, '%s resume %d%s' replays the dead jobs and finishes the run"
              .formatted(flowc, run.id(), storeArgument));
      if (run.params() != null && !run.params().isEmpty()) {
        // resume alone runs the jobs with the values they failed with: a param needs saying.
        out.println(
            "if the cause is a param: '%s resume %d%s --param NAME=VALUE' gives the jobs that did"
                    .formatted(flowc, run.id(), storeArgument)
                + " not complete its new value");
      }
    }
    out.flush();
  }
}
