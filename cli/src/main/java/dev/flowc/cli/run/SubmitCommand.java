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
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
      "Exit 1 when the file has errors."
    })
public final class SubmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The .flow file to submit.")
  Path file;

  @Mixin ParamOptions params;

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
      RunView run =
          runtime.submit(
              plan.get(), new SubmitOptions(file.toAbsolutePath().normalize().getParent()));
      String flowc = CommandName.current();
      String status = "%s status %d%s".formatted(flowc, run.id(), storeArgument);
      String worker = "%s worker --drain%s".formatted(flowc, storeArgument);
      if (output.json()) {
        ObjectNode document = RuntimeJson.object();
        document.set("run", RuntimeJson.run(run));
        document.put("status_command", status);
        document.put("worker_command", worker);
        out.println(Json.pretty(document));
      } else {
        out.println(
            "submitted run %d (%s, %d jobs)".formatted(run.id(), run.pipeline(), run.jobs()));
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
