package dev.flowc.cli.run;

import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcCommand;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.UserException;
import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import dev.flowc.cli.render.DataFormat;
import dev.flowc.cli.store.IdConverter;
import dev.flowc.cli.store.RuntimeFactory;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flowc resume RUN}: replay the run's dead jobs, then work on it until it ends. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Replay every dead job of a run (which puts the dependents cancelled because of it back in"
          + " line), then work on the run in this process until it ends, as 'flowc run' does.",
      "Jobs left running by a process that was killed go back to pending when their leases"
          + " expire (30 s at most), and are run then.",
      "Exit 0 when the run is complete, 1 when it failed or was cancelled, 2 when there is no"
          + " such run."
    })
public final class ResumeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RUN", converter = IdConverter.class, description = "The run's id.")
  long runId;

  @Mixin StoreOptions store;

  @Mixin WorkerOptionsMixin workers;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Summary format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  DataFormat format;

  @Option(
      names = "--no-live",
      description = "One line per state change even on a terminal, instead of the live table.")
  boolean noLive;

  @ParentCommand FlowcCommand flowc;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ConfigLoader loader = ConfigLoader.inWorkingDirectory();
    FlowcConfig config = workers.apply(store.apply(loader.forWorkingDirectory(), loader), loader);
    String storeArgument = RuntimeFactory.storeArgument(config, loader);
    RunView run;
    try (FlowRuntime reader =
        RuntimeFactory.open(config, null, RuntimeFactory.Use.EXISTING, loader)) {
      run =
          reader
              .run(runId)
              .orElseThrow(
                  () ->
                      new UserException(
                          ExitCode.USAGE,
                          "no run %d in store '%s'"
                              .formatted(runId, RuntimeFactory.shown(config, loader))));
    }
    var handlers = RuntimeFactory.handlers(handlerConfig(config, run, loader));
    try (FlowRuntime runtime =
        RuntimeFactory.open(config, handlers, RuntimeFactory.Use.EXISTING, loader)) {
      int replayed = runtime.replayRun(runId);
      runtime.reclaimExpiredLeases();
      long running =
          runtime.jobs(runId).stream().filter(job -> job.state() == JobState.RUNNING).count();
      err.println(
          "flowc: run %d of %s: %s%s"
              .formatted(
                  runId,
                  run.pipeline(),
                  replayed == 0
                      ? "no dead job to replay"
                      : "replayed %d dead job%s".formatted(replayed, replayed == 1 ? "" : "s"),
                  running == 0
                      ? ""
                      : "; %d job%s running elsewhere or left by a stopped process (back to"
                              .formatted(running, running == 1 ? " is" : "s are")
                          + " pending when the lease expires)"));
      err.flush();
      RunView now = runtime.run(runId).orElse(run);
      boolean live = !noLive && format == DataFormat.TEXT && flowc.interactive();
      RunSession session =
          new RunSession(
              runtime,
              spec.commandLine().getOut(),
              err,
              flowc.style(),
              flowc.errStyle(),
              format,
              live,
              storeArgument);
      if (now.status().isFinal()) {
        session.printSummary(now);
        return now.status() == RunStatus.COMPLETE ? ExitCode.OK : ExitCode.FAILED;
      }
      return session.work(now, workers.workerOptions(config.workers()), true);
    }
  }

  /**
   * Where the run's handlers come from: the options and the working directory's flowc.yaml when
   * they name any; else the flowc.yaml of the run's pipeline directory, so that resuming from
   * another directory loads the same handlers as the run did.
   */
  private static FlowcConfig handlerConfig(FlowcConfig config, RunView run, ConfigLoader loader) {
    if (!config.classpath().isEmpty()
        || !config.modules().isEmpty()
        || run.baseDirectory() == null) {
      return config;
    }
    return loader
        .find(java.nio.file.Path.of(run.baseDirectory()))
        .map(loader::load)
        .map(pipeline -> config.withClasspath(pipeline.classpath()).withModules(pipeline.modules()))
        .orElse(config);
  }
}
