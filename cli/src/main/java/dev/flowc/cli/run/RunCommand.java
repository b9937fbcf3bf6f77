package dev.flowc.cli.run;

import dev.flowc.cli.FlowcCommand;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.ParamOptions;
import dev.flowc.cli.SourceFiles;
import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import dev.flowc.cli.render.DataFormat;
import dev.flowc.cli.render.RunTables;
import dev.flowc.cli.store.RuntimeFactory;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.compiler.CompileResult;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.Plan;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.SubmitOptions;
import dev.flowc.runtime.Submitted;
import dev.flowc.runtime.handler.HandlerRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flowc run FILE}: compile, submit, work on the run here until it ends, summarize. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Check and compile a pipeline, submit it as a run, work on the run in this process until it"
          + " ends, and print a summary.",
      "Exit 0 when the run is complete, 1 when it failed or was cancelled (or the file has"
          + " errors). Ctrl-C stops working and leaves the run resumable with 'flowc resume RUN'."
    })
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The .flow file to run.")
  Path file;

  @Mixin ParamOptions params;

  @Mixin StoreOptions store;

  @Mixin WorkerOptionsMixin workers;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "Summary format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); json prints what"
              + " 'flowc status --format json' prints.")
  DataFormat format;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description =
          "An idempotency key for the run: when a run was already submitted with KEY to this"
              + " store, nothing is submitted and this command works on (or waits for) that run"
              + " instead. A key is taken forever in a store.")
  String key;

  @Option(
      names = "--no-live",
      description = "One line per state change even on a terminal, instead of the live table.")
  boolean noLive;

  @ParentCommand FlowcCommand flowc;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    SourceFile source = SourceFiles.read(file);
    ConfigLoader loader = ConfigLoader.inWorkingDirectory();
    FlowcConfig config =
        workers
            .apply(store.apply(loader.forPipeline(file), loader), loader)
            .withParams(params.values());
    CompileResult compiled = PlanCompiler.compile(source, config.params(), flowc.errStyle(), err);
    Optional<Plan> plan = compiled.plan();
    if (plan.isEmpty()) {
      return dev.flowc.cli.ExitCode.FAILED;
    }
    HandlerRegistry handlers = RuntimeFactory.handlers(config);
    if (!PlanCompiler.verify(compiled, handlers, flowc.errStyle(), err)) {
      return dev.flowc.cli.ExitCode.FAILED;
    }
    String storeArgument = RuntimeFactory.storeArgument(config, loader);
    try (FlowRuntime runtime =
        RuntimeFactory.open(config, handlers, RuntimeFactory.Use.CREATE, loader, store.notices())) {
      Submitted submitted =
          runtime.submitRun(
              plan.get(), new SubmitOptions(file.toAbsolutePath().normalize().getParent(), key));
      if (submitted.run().isEmpty()) {
        err.println(
            "flowc: run %d was submitted with key '%s' before, and purged since: nothing to run"
                .formatted(submitted.runId(), key));
        return dev.flowc.cli.ExitCode.OK;
      }
      RunView run = submitted.run().get();
      err.println(
          "flowc: %srun %d of %s: %s, %s, store %s"
              .formatted(
                  submitted.created() ? "" : "existing ",
                  run.id(),
                  run.pipeline(),
                  RunTables.count(run.jobs(), "job"),
                  RunTables.count(config.workers(), "worker"),
                  RuntimeFactory.shown(config, loader)));
      err.flush();
      boolean live = !noLive && format == DataFormat.TEXT && flowc.interactive();
      return new RunSession(
              runtime,
              spec.commandLine().getOut(),
              err,
              flowc.style(),
              flowc.errStyle(),
              format,
              live,
              storeArgument)
          .work(run, WorkerOptionsMixin.workerOptions(config), false);
    }
  }
}
