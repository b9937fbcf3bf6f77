package dev.flowc.cli.inspect;

import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcCommand;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.render.DataFormatOption;
import dev.flowc.cli.render.Json;
import dev.flowc.cli.render.RunTables;
import dev.flowc.cli.render.RuntimeJson;
import dev.flowc.cli.store.IdConverter;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.RunView;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
      "Exit 2 when there is no such run."
    })
public final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RUN", converter = IdConverter.class, description = "The run's id.")
  long runId;

  @Mixin StoreOptions store;

  @Mixin DataFormatOption output;

  @ParentCommand FlowcCommand flowc;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (StoreSession session = StoreSession.open(store)) {
      RunView run = session.run(runId);
      List<JobSummary> jobs = session.runtime().jobs(runId);
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
