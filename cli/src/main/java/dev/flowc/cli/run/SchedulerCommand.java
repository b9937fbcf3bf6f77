package dev.flowc.cli.run;

import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import dev.flowc.cli.schedule.ScheduleClock;
import dev.flowc.cli.schedule.TickLines;
import dev.flowc.cli.store.RuntimeFactory;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.ScheduleFirer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flowc scheduler}: fire the store's schedules until stopped, and run no job. */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Fire the due ticks of the store's schedules until stopped, and run no job: each tick"
          + " makes one run for workers to pick up. Every 'flowc worker' fires them too; this is"
          + " for a process that does only that. Any number of them may share a store: a tick"
          + " makes one run. One line per tick fired or skipped (on stderr).",
      "Ctrl-C or SIGTERM stops it; exit 0 after SIGTERM (130 after Ctrl-C)."
    })
public final class SchedulerCommand implements Callable<Integer> {
  /** How often due ticks are looked for: a tick fires within about this much of its time. */
  static final Duration INTERVAL = Duration.ofSeconds(1);

  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    ConfigLoader loader = ConfigLoader.inWorkingDirectory();
    FlowcConfig config = store.apply(loader.forWorkingDirectory(), loader);
    java.time.Clock clock = ScheduleClock.fromEnvironment();
    FlowRuntime runtime =
        RuntimeFactory.open(config, null, RuntimeFactory.Use.CREATE, loader, store.notices());
    CountDownLatch stopped = new CountDownLatch(1);
    SigtermExitsZero term = SigtermExitsZero.install();
    ScheduleFirer[] firer = new ScheduleFirer[1];
    ShutdownHook hook =
        ShutdownHook.install(
            () -> {
              if (firer[0] != null) {
                firer[0].close();
              }
              runtime.close();
              synchronized (err) {
                err.println("flowc: scheduler stopped");
                err.flush();
              }
              stopped.countDown();
            });
    try {
      synchronized (err) {
        err.println(
            "flowc: scheduler firing the schedules of store %s; stop with Ctrl-C or SIGTERM"
                .formatted(RuntimeFactory.shown(config, loader)));
        err.flush();
      }
      firer[0] = runtime.startScheduleFirer(clock, INTERVAL, new TickLines(err));
      stopped.await();
      hook.parkUntilHalt();
      return ExitCode.OK;
    } finally {
      term.close();
      hook.close();
      if (firer[0] != null) {
        firer[0].close();
      }
      runtime.close();
    }
  }
}
