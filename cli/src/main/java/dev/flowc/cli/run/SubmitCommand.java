package dev.flowc.cli.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.cli.CommandName;
import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcCommand;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.ParamOptions;
import dev.flowc.cli.SourceFiles;
import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import dev.flowc.cli.render.DataFormatOption;
import dev.flowc.cli.render.Json;
import dev.flowc.cli.render.RuntimeJson;
import dev.flowc.cli.store.RuntimeFactory;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.Plan;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.SubmitOptions;
import dev.flowc.runtime.Submitted;
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

/** {@code flowc submit FILE}: compile and submit a run for workers to pick up. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Check and compile a pipeline and submit it as a run, without working on it: a"
          + " 'flowc worker' (or 'flowc resume RUN') does. Prints the run id and the commands to"
          + " follow it.",
      "With --key, a second submit with the same key submits nothing and prints the first run.",
      "Exit 1 when the file has errors."
    })
public final class SubmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The .flow file to submit.")
  Path file;

  @Mixin ParamOptions params;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description =
          "An idempotency key for the run: when a run was already submitted with KEY to this"
              + " store, nothing is submitted and that run is printed (exit 0). A key is taken"
              + " forever in a store, even after its run was purged.")
  String key;

  @Mixin StoreOptions store;

  @Mixin DataFormatOption output;

  @ParentCommand FlowcCommand flowc;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SourceFile source = SourceFiles.read(file);
    ConfigLoader loader = ConfigLoader.inWorkingDirectory();
    FlowcConfig config = store.apply(loader.forPipeline(file), loader).withParams(params.values());
    Optional<Plan> plan =
        PlanCompiler.compile(source, config.params(), flowc.errStyle(), err).plan();
    if (plan.isEmpty()) {
      return ExitCode.FAILED;
    }
    String storeArgument = RuntimeFactory.storeArgument(config, loader);
    try (FlowRuntime runtime =
        RuntimeFactory.open(config, null, RuntimeFactory.Use.CREATE, loader, store.notices())) {
      Submitted submitted =
          runtime.submitRun(
              plan.get(), new SubmitOptions(file.toAbsolutePath().normalize().getParent(), key));
      String flowc = CommandName.current();
      if (submitted.run().isEmpty()) {
        // The key's run was purged: its id is all there is to say.
        if (output.json()) {
          ObjectNode document = RuntimeJson.object();
          document.put("run", submitted.runId());
          document.put("existing", true);
          document.put("purged", true);
          out.println(Json.pretty(document));
        } else {
          out.println(
              "run %d was submitted with key '%s' before, and purged since: nothing submitted"
                  .formatted(submitted.runId(), key));
        }
        out.flush();
        return ExitCode.OK;
      }
      RunView run = submitted.run().get();
      String status = "%s status %d%s".formatted(flowc, run.id(), storeArgument);
      String worker = "%s worker --drain%s".formatted(flowc, storeArgument);
      if (output.json()) {
        ObjectNode document = RuntimeJson.object();
        document.set("run", RuntimeJson.run(run));
        document.put("existing", !submitted.created());
        document.put("status_command", status);
        document.put("worker_command", worker);
        out.println(Json.pretty(document));
      } else {
        if (submitted.created()) {
          out.println(
              "submitted run %d (%s, %d jobs)".formatted(run.id(), run.pipeline(), run.jobs()));
        } else {
          out.println(
              "run %d (%s, %s) was submitted with key '%s' before: nothing submitted"
                  .formatted(run.id(), run.pipeline(), run.status().label(), key));
        }
        out.println("inspect it: " + status);
        out.println(
            "work on it: %s   (or: %s resume %d%s)"
                .formatted(worker, flowc, run.id(), storeArgument));
      }
      out.flush();
      return ExitCode.OK;
    }
  }
}
