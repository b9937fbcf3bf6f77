package dev.flowc.cli.run;

import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcCommand;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.UserException;
import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import dev.flowc.cli.schedule.ScheduleClock;
import dev.flowc.cli.schedule.TickLines;
import dev.flowc.cli.store.RuntimeFactory;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.compiler.parse.Literals;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.Retention;
import dev.flowc.runtime.ScheduleFirer;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.Worker;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flowc worker}: serve queues of the store until stopped, or until drained. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Run jobs of the store's queues (of any run) until stopped. Ctrl-C or SIGTERM stops"
          + " gracefully: no new job is claimed, running jobs get a grace period (10 s), the rest"
          + " go back to pending. Nothing is left running. Exit 0 after SIGTERM (130 after"
          + " Ctrl-C).",
      "Prints one line per state change of the jobs it works on (on stderr).",
      "Fires the due ticks of the store's schedules too (as 'flowc scheduler' does), one line per"
          + " tick fired or skipped.",
      "With --drain, exits 0 once its queues have no job that is pending, retrying or running.",
      "When the store cannot record its work (a full disk), it stops with exit code 3."
    })
public final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-q", "--queues"},
      paramLabel = "QUEUE",
      split = ",",
      description = "Serve only these queues, separated by commas (default: every queue).")
  List<String> queues = new ArrayList<>();

  @Option(
      names = "--drain",
      description = "Exit once the queues have no job pending, retrying or running.")
  boolean drain;

  @Mixin StoreOptions store;

  @Mixin WorkerOptionsMixin workers;

  @ParentCommand FlowcCommand flowc;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    ConfigLoader loader = ConfigLoader.inWorkingDirectory();
    FlowcConfig config = workers.apply(store.apply(loader.forWorkingDirectory(), loader), loader);
    var handlers = RuntimeFactory.handlers(config);
    FlowRuntime runtime =
        RuntimeFactory.open(config, handlers, RuntimeFactory.Use.CREATE, loader, store.notices());
    EventLines lines = new EventLines(runtime, err, flowc.errStyle());
    lines.start();
    Clock scheduleClock = ScheduleClock.fromEnvironment();
    AtomicReference<ScheduleFirer> firing = new AtomicReference<>();
    Runnable stopFiring =
        () -> {
          ScheduleFirer firer = firing.get();
          if (firer != null) {
            firer.close();
          }
        };
    Worker worker;
    AutoCloseable retention;
    // The banner comes first: job lines (EventLines' printer thread) wait for err until it is out.
    synchronized (err) {
      worker =
          runtime.startWorker(
              WorkerOptionsMixin.workerOptions(config)
                  .withQueues(new LinkedHashSet<>(queues.stream().map(String::strip).toList())));
      retention = startRetention(runtime, config, err);
      err.println(
          "flowc: worker %s serving %s with %d threads, store %s; %s"
              .formatted(
                  worker.id(),
                  queues.isEmpty() ? "every queue" : "queues " + String.join(", ", queues),
                  config.workers(),
                  RuntimeFactory.shown(config, loader),
                  drain ? "exits when drained" : "stop with Ctrl-C or SIGTERM"));
      if (config.retention() != null) {
        err.println(
            "flowc: retention: removes %s (looks every %s)"
                .formatted(
                    ages(config.retention()),
                    Literals.formatDuration(config.retention().every().toMillis())));
      }
      err.flush();
    }
    CountDownLatch stopped = new CountDownLatch(1);
    SigtermExitsZero term = SigtermExitsZero.install();
    ShutdownHook hook =
        ShutdownHook.install(
            () -> {
              stopFiring.run();
              closeQuietly(retention);
              worker.close();
              lines.close();
              runtime.close();
              synchronized (err) {
                err.println(
                    "flowc: worker %s stopped; %s".formatted(worker.id(), leftBehind(worker)));
                err.flush();
              }
              stopped.countDown();
            });
    try {
      // Due schedule ticks first, on this thread: a draining worker then works on their runs too.
      firing.set(
          runtime.startScheduleFirer(scheduleClock, SchedulerCommand.INTERVAL, new TickLines(err)));
      if (!drain) {
        while (!stopped.await(1, TimeUnit.SECONDS)) {
          if (worker.storeFailure().isPresent() && !hook.triggered()) {
            throw storeFailed(worker, lines);
          }
        }
        hook.parkUntilHalt();
        return ExitCode.OK;
      }
      while (!worker.awaitDrained(Duration.ofSeconds(1))) {
        if (hook.triggered()) {
          hook.parkUntilHalt();
          return ExitCode.OK;
        }
        if (worker.storeFailure().isPresent()) {
          throw storeFailed(worker, lines);
        }
      }
      stopFiring.run();
      worker.close();
      lines.close();
      synchronized (err) {
        err.println("flowc: drained; %d jobs processed".formatted(worker.processed()));
        err.flush();
      }
      return ExitCode.OK;
    } catch (RuntimeException e) {
      if (hook.triggered()) {
        hook.parkUntilHalt();
        return ExitCode.OK;
      }
      throw e;
    } finally {
      term.close();
      hook.close();
      stopFiring.run();
      closeQuietly(retention);
      worker.close();
      lines.close();
      runtime.close();
    }
  }

  /**
   * The background purge of flowc.yaml's {@code retention:}, each removal told in one line; a
   * handle that does nothing when there is none.
   */
  private static AutoCloseable startRetention(
      FlowRuntime runtime, FlowcConfig config, PrintWriter err) {
    Retention retention = config.retention();
    if (retention == null || retention.olderThan().isEmpty()) {
      return () -> {};
    }
    return runtime.startRetention(
        retention,
        report -> {
          synchronized (err) {
            err.println(
                "flowc: retention removed %d run%s (%d jobs, %d log lines)"
                    .formatted(
                        report.runs(),
                        report.runs() == 1 ? "" : "s",
                        report.jobs(),
                        report.logLines()));
            err.flush();
          }
        },
        failure -> {
          synchronized (err) {
            err.println(
                "flowc: retention could not purge now (%s); it tries again in %s"
                    .formatted(
                        failure instanceof StoreException store
                            ? RuntimeFactory.describeFailure(store)
                            : failure.toString(),
                        Literals.formatDuration(retention.every().toMillis())));
            err.flush();
          }
        });
  }

  /** {@code complete runs after 30d, cancelled runs after 7d}. */
  private static String ages(Retention retention) {
    return retention.olderThan().entrySet().stream()
        .map(
            e ->
                "%s runs after %s"
                    .formatted(
                        e.getKey().label(), Literals.formatDuration(e.getValue().toMillis())))
        .collect(Collectors.joining(", "));
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Stopping anyway: retention only ever removes whole runs.
    }
  }

  /** Stops the worker after a store failure: one line and exit code 3 (the store's). */
  private static UserException storeFailed(Worker worker, EventLines lines) {
    worker.close();
    lines.close();
    StoreException failure = worker.storeFailure().orElseThrow();
    return new UserException(
        ExitCode.STORE,
        "%s; worker %s stopped (%s)"
            .formatted(RuntimeFactory.describeFailure(failure), worker.id(), leftBehind(worker)),
        failure);
  }

  /** Whether the worker left jobs running in the store, which its shutdown could not record. */
  private static String leftBehind(Worker worker) {
    Set<Long> left = worker.jobsLeftRunning();
    if (left.isEmpty()) {
      return "nothing is left running";
    }
    return "the store could not record everything: %s %s stay%s 'running' until %s lease%s expire%s"
        .formatted(
            left.size() == 1 ? "job" : "jobs",
            left.stream().map(String::valueOf).collect(Collectors.joining(", ")),
            left.size() == 1 ? "s" : "",
            left.size() == 1 ? "its" : "their",
            left.size() == 1 ? "" : "s",
            left.size() == 1 ? "s" : "");
  }
}
