package dev.flowc.cli.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.render.DataFormatOption;
import dev.flowc.cli.render.Durations;
import dev.flowc.cli.render.Json;
import dev.flowc.cli.render.RuntimeJson;
import dev.flowc.cli.render.TextTable;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.runtime.RunView;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flowc runs}: the latest runs, newest first. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = "List the latest runs of the store, newest first.")
public final class RunsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      defaultValue = "20",
      description = "How many runs (default: ${DEFAULT-VALUE}).")
  int limit;

  @Mixin DataFormatOption output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (StoreSession session = StoreSession.open(store)) {
      List<RunView> runs = session.runtime().runs(Math.max(1, limit));
      if (output.json()) {
        ObjectNode document = RuntimeJson.object();
        document.set("runs", RuntimeJson.runs(runs));
        out.println(Json.pretty(document));
      } else if (runs.isEmpty()) {
        out.println("no runs in store '%s'".formatted(session.shown()));
      } else {
        TextTable table =
            new TextTable("ID", "PIPELINE", "STATUS", "JOBS", "UNFINISHED", "CREATED", "DURATION");
        for (RunView run : runs) {
          table.row(
              run.id(),
              run.pipeline(),
              run.status().label(),
              run.jobs(),
              run.unfinished(),
              Durations.localTime(run.createdAt()),
              Durations.format(
                  Durations.between(run.createdAt(), run.finishedAt(), session.runtime().now())));
        }
        table.print(out);
      }
      out.flush();
      return ExitCode.OK;
    }
  }
}
