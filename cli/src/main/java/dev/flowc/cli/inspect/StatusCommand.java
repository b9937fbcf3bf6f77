package dev.flowc.cli.inspect;

import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcCommand;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.render.DataFormatOption;
import dev.flowc.cli.render.Json;
import dev.flowc.cli.render.RunJobs;
import dev.flowc.cli.render.RunTables;
import dev.flowc.cli.render.RuntimeJson;
import dev.flowc.cli.store.IdConverter;
import dev.flowc.cli.store.StoreOptions;
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

/** {@code flowc status RUN}: a run and its jobs. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Show a run and its jobs: stage, state, queue, attempts, progress, duration, last error.",
      "A stage that fans out is one line with its items counted by state; --items lists them.",
      "Exit 2 when there is no such run."
    })
public final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RUN", converter = IdConverter.class, description = "The run's id.")
  long runId;

  @Option(
      names = "--items",
      description = "List the items of each fanned-out stage under it, as STAGE[INDEX].")
  boolean items;

  @Mixin StoreOptions store;

  @Mixin DataFormatOption output;

  @ParentCommand FlowcCommand flowc;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (StoreSession session = StoreSession.open(store)) {
      RunView run = session.run(runId);
      RunJobs jobs = RunJobs.read(session.runtime(), runId, items);
      if (output.json()) {
        out.println(Json.pretty(RuntimeJson.status(run, jobs, session.runtime().now())));
      } else {
        RunTables.print(run, jobs, session.runtime().now(), flowc.style(), out);
      }
      out.flush();
      return ExitCode.OK;
    }
  }
}
