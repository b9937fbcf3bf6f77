package dev.flowc.cli.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.render.DataFormatOption;
import dev.flowc.cli.render.Durations;
import dev.flowc.cli.render.Json;
import dev.flowc.cli.render.RuntimeJson;
import dev.flowc.cli.render.TextTable;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.runtime.WorkerInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flowc workers}: the live workers of every process and machine sharing the store. */
@Command(
    name = "workers",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "List the live workers of every process and machine sharing the store: host, pid, queues,"
          + " threads, the jobs they hold, and the age of their last heartbeat.",
      "A worker that stopped is gone at once; one that was killed drops out when its last"
          + " heartbeat is three lease durations old."
    })
public final class WorkersCommand implements Callable<Integer> {
  /** Job ids shown in the table; the rest are counted. */
  private static final int JOBS_SHOWN = 5;

  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Mixin DataFormatOption output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (StoreSession session = StoreSession.open(store)) {
      List<WorkerInfo> workers = session.runtime().workers();
      // The store's time: a PostgreSQL store's heartbeats are the database's clock, not ours.
      Instant now = session.runtime().now();
      if (output.json()) {
        ObjectNode document = RuntimeJson.object();
        ArrayNode array = document.putArray("workers");
        workers.forEach(worker -> array.add(RuntimeJson.worker(worker, now)));
        out.println(Json.pretty(document));
      } else if (workers.isEmpty()) {
        out.println("no live workers in store '%s'".formatted(session.shown()));
      } else {
        TextTable table =
            new TextTable(
                "ID", "HOST", "PID", "QUEUES", "THREADS", "JOBS", "STARTED", "LAST HEARTBEAT");
        for (WorkerInfo worker : workers) {
          table.row(
              worker.id(),
              worker.host(),
              worker.pid(),
              worker.queues().isEmpty() ? "(all)" : String.join(",", worker.queues()),
              worker.threads(),
              jobs(worker.runningJobs()),
              Durations.localTime(worker.startedAt()),
              age(worker.lastHeartbeat(), now));
        }
        table.print(out);
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  /** {@code 2: 14, 15}, {@code 7: 1, 2, 3, 4, 5, ...}, or {@code 0}. */
  static String jobs(List<Long> ids) {
    if (ids.isEmpty()) {
      return "0";
    }
    String shown =
        ids.stream().limit(JOBS_SHOWN).map(String::valueOf).collect(Collectors.joining(", "));
    return ids.size() + ": " + shown + (ids.size() > JOBS_SHOWN ? ", ..." : "");
  }

  /** {@code 2.1s ago}; a heartbeat a little ahead of {@code now} (clock skew) is {@code now}. */
  static String age(Instant heartbeat, Instant now) {
    Duration age = Duration.between(heartbeat, now);
    return age.isNegative() || age.isZero() ? "now" : Durations.format(age) + " ago";
  }
}
