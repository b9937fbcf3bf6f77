package dev.flowc.cli.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.render.DataFormatOption;
import dev.flowc.cli.render.Durations;
import dev.flowc.cli.render.Json;
import dev.flowc.cli.render.RunTables;
import dev.flowc.cli.render.RuntimeJson;
import dev.flowc.cli.render.TextTable;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.runtime.DeadLetter;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flowc dead-letters}: dead jobs not replayed yet, newest first. */
@Command(
    name = "dead-letters",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "List dead jobs that were not replayed yet, newest first.",
      "Replay one with 'flowc retry JOB', or every dead job of a run with 'flowc resume RUN'."
    })
public final class DeadLettersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      defaultValue = "50",
      description = "How many (default: ${DEFAULT-VALUE}).")
  int limit;

  @Mixin DataFormatOption output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (StoreSession session = StoreSession.open(store)) {
      List<DeadLetter> dead = session.runtime().deadLetters(Math.max(1, limit));
      if (output.json()) {
        ObjectNode document = RuntimeJson.object();
        ArrayNode array = document.putArray("dead_letters");
        dead.forEach(d -> array.add(RuntimeJson.deadLetter(d)));
        out.println(Json.pretty(document));
      } else if (dead.isEmpty()) {
        out.println("no dead jobs");
      } else {
        TextTable table =
            new TextTable("JOB", "RUN", "STAGE", "HANDLER", "QUEUE", "ATTEMPTS", "FAILED", "ERROR");
        for (DeadLetter d : dead) {
          table.row(
              d.jobId(),
              d.runId(),
              d.stage(),
              d.handler(),
              d.queue(),
              d.attempts(),
              Durations.localTime(d.failedAt()),
              RunTables.oneLine(d.error()));
        }
        table.print(out);
      }
      out.flush();
      return ExitCode.OK;
    }
  }
}
