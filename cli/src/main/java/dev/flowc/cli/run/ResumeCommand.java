package dev.flowc.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.CommandName;
import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcCommand;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.ParamOptions;
import dev.flowc.cli.SourceFiles;
import dev.flowc.cli.UserException;
import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import dev.flowc.cli.render.DataFormat;
import dev.flowc.cli.render.RunTables;
import dev.flowc.cli.store.IdConverter;
import dev.flowc.cli.store.RuntimeFactory;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.compiler.CompileResult;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.Plan;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.handler.HandlerRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
      "With --param, first compiles the run's pipeline file again with the run's params and"
          + " these values over them, and gives every job that has not completed its new input"
          + " (and settings); completed jobs keep their results. A pipeline whose stages or"
          + " dependencies changed since the run is refused.",
      "Exit 0 when the run is complete, 1 when it failed or was cancelled, 2 when there is no"
          + " such run."
    })
public final class ResumeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RUN", converter = IdConverter.class, description = "The run's id.")
  long runId;

  @Mixin ParamOptions params;

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
        RuntimeFactory.open(config, null, RuntimeFactory.Use.EXISTING, loader, store.notices())) {
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
    Map<String, String> changed = params.values();
    Plan revised = null;
    if (!changed.isEmpty()) {
      Optional<Plan> recompiled = recompile(run, changed, handlers, loader, err);
      if (recompiled.isEmpty()) {
        return ExitCode.FAILED;
      }
      revised = recompiled.get();
    }
    try (FlowRuntime runtime =
        RuntimeFactory.open(
            config, handlers, RuntimeFactory.Use.EXISTING, loader, store.notices())) {
      String revision = "";
      if (revised != null) {
        revision = revise(runtime, revised, changed);
      }
      int replayed = runtime.replayRun(runId);
      runtime.reclaimExpiredLeases();
      long running =
          runtime.jobs(runId).stream()
              // A fanned-out stage runs without a worker while its items do.
              .filter(job -> job.state() == JobState.RUNNING && !job.isFannedOut())
              .count();
      err.println(
          "flowc: run %d of %s: %s%s%s"
              .formatted(
                  runId,
                  run.pipeline(),
                  revision,
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
      return session.work(now, WorkerOptionsMixin.workerOptions(config), true);
    }
  }

  /**
   * The run's pipeline file compiled again with the run's params and {@code changed} over them, and
   * checked against the handlers; empty when it has errors (printed on {@code err}).
   *
   * @throws UserException (exit 2) when the run is complete or records no file
   */
  private Optional<Plan> recompile(
      RunView run,
      Map<String, String> changed,
      HandlerRegistry handlers,
      ConfigLoader loader,
      PrintWriter err) {
    if (run.status() == RunStatus.COMPLETE) {
      throw new UserException(
          ExitCode.USAGE,
          "run %d is complete: no job is left to take new params (run the pipeline again)"
              .formatted(runId));
    }
    if (run.sourcePath() == null || run.baseDirectory() == null) {
      throw new UserException(
          ExitCode.USAGE,
          "run %d records no pipeline file to compile again with new params".formatted(runId));
    }
    Path file =
        Path.of(run.baseDirectory()).resolve(Path.of(run.sourcePath()).getFileName().toString());
    Path shown =
        file.startsWith(loader.workingDirectory())
            ? loader.workingDirectory().relativize(file)
            : file;
    SourceFile source = SourceFiles.read(shown);
    Map<String, String> carried = RecordedParams.asText(run.params(), source);
    Map<String, String> values = new LinkedHashMap<>(carried);
    values.putAll(changed);
    CompileResult compiled = PlanCompiler.compile(source, values, flowc.errStyle(), err);
    if (compiled.plan().isEmpty()
        || !PlanCompiler.verify(compiled, handlers, flowc.errStyle(), err)) {
      return Optional.empty();
    }
    Plan plan = compiled.plan().get();
    for (String name : carried.keySet()) {
      if (!changed.containsKey(name)
          && !sameJson(plan.params().get(name), run.params().get(name))) {
        throw new UserException(
            ExitCode.USAGE,
            "cannot carry the value of param '%s' of run %d over: give it again with --param %s=VALUE"
                .formatted(name, runId, name));
      }
    }
    return Optional.of(plan);
  }

  /**
   * Gives the run's unfinished jobs the settings of {@code plan}.
   *
   * @return what to say about it, for the line that starts the resume
   * @throws UserException (exit 2) when the pipeline's shape changed or a job is running
   */
  private String revise(FlowRuntime runtime, Plan plan, Map<String, String> changed) {
    // Jobs of a process that died go back to pending first, if their leases have expired.
    runtime.reclaimExpiredLeases();
    int revised;
    try {
      revised = runtime.reviseRun(runId, plan);
    } catch (IllegalArgumentException e) {
      throw new UserException(
          ExitCode.USAGE,
          "cannot give run %d new params: the pipeline changed since the run (%s); run it again"
                  .formatted(runId, e.getMessage())
              + " with '%s run'".formatted(CommandName.current()),
          e);
    } catch (IllegalStateException e) {
      throw new UserException(
          ExitCode.USAGE,
          ("cannot give run %d new params while %s; try again when it has stopped (a killed"
                  + " process's jobs are freed when their lease expires, 30 s at most)")
              .formatted(runId, e.getMessage()),
          e);
    }
    String values =
        changed.entrySet().stream()
            .map(entry -> entry.getKey() + "=" + entry.getValue())
            .collect(Collectors.joining(" "));
    return "%s for the %s that had not completed; "
        .formatted(values, RunTables.count(revised, "job"));
  }

  private static boolean sameJson(JsonNode a, JsonNode b) {
    // Numbers compare by value: the store gives back an int where the compiler made a long.
    return a != null && b != null && a.toString().equals(b.toString());
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
