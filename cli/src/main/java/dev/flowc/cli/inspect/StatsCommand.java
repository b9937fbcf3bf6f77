package dev.flowc.cli.inspect;

import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.render.DataFormatOption;
import dev.flowc.cli.render.Json;
import dev.flowc.cli.render.RuntimeJson;
import dev.flowc.cli.render.TextTable;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.Stats;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flowc stats}: job counts per state and per queue. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = "Count the store's jobs per state, in all and per queue.")
public final class StatsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Mixin DataFormatOption output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (StoreSession session = StoreSession.open(store)) {
      Stats stats = session.runtime().stats();
      if (output.json()) {
        out.println(Json.pretty(RuntimeJson.stats(stats)));
      } else {
        List<String> header = new ArrayList<>(List.of("QUEUE"));
        for (JobState state : JobState.values()) {
          header.add(state.label().toUpperCase(Locale.ROOT));
        }
        TextTable table = new TextTable(header.toArray(String[]::new));
        for (Map.Entry<String, Map<JobState, Long>> queue :
            new TreeMap<>(stats.queues()).entrySet()) {
          table.row(row(queue.getKey(), queue.getValue()));
        }
        table.row(row("(all)", stats.states()));
        table.print(out);
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  private static Object[] row(String name, Map<JobState, Long> counts) {
    List<Object> cells = new ArrayList<>(List.of(name));
    for (JobState state : JobState.values()) {
      cells.add(counts.getOrDefault(state, 0L));
    }
    return cells.toArray();
  }
}
