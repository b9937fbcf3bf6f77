package dev.flowc.cli.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.render.DataFormatOption;
import dev.flowc.cli.render.Json;
import dev.flowc.cli.render.RuntimeJson;
import dev.flowc.cli.render.TextTable;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.runtime.ScheduleView;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flowc schedules}: the deployed schedules, their next tick and what they last did. */
@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description =
        "List the schedules deployed to the store ('flowc deploy'), by name: the next tick in the"
            + " schedule's time zone and in UTC, the last run a tick made and its status, whether"
            + " it is paused, and the last tick that made no run and why.")
public final class SchedulesCommand implements Callable<Integer> {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Mixin DataFormatOption output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (StoreSession session = StoreSession.open(store)) {
      List<ScheduleView> schedules = session.runtime().schedules();
      if (output.json()) {
        ObjectNode document = RuntimeJson.object();
        ArrayNode array = document.putArray("schedules");
        schedules.forEach(schedule -> array.add(json(schedule)));
        out.println(Json.pretty(document));
      } else if (schedules.isEmpty()) {
        out.println("no schedules in store '%s'".formatted(session.shown()));
      } else {
        TextTable table =
            new TextTable(
                "NAME",
                "PIPELINE",
                "CRON",
                "ZONE",
                "NEXT TICK",
                "NEXT TICK (UTC)",
                "LAST RUN",
                "PAUSED",
                "LAST SKIPPED");
        for (ScheduleView schedule : schedules) {
          table.row(
              schedule.name(),
              schedule.pipeline(),
              schedule.cron(),
              schedule.timezone(),
              local(schedule.nextTick(), schedule.timezone()),
              schedule.nextTick() == null ? "never" : schedule.nextTick().toString(),
              lastRun(schedule),
              schedule.paused() ? "yes" : "no",
              schedule.skippedTick() == null
                  ? ""
                  : "%s: %s".formatted(schedule.skippedTick(), schedule.skippedReason()));
        }
        table.print(out);
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  /** {@code 2026-12-08 02:00 CET}: a tick in the schedule's zone. */
  static String local(Instant tick, String timezone) {
    return tick == null ? "never" : LOCAL.format(tick.atZone(ZoneId.of(timezone)));
  }

  private static String lastRun(ScheduleView schedule) {
    if (schedule.lastRunId() == null) {
      return "";
    }
    return schedule.lastRunStatus() == null
        ? "%d (purged)".formatted(schedule.lastRunId())
        : "%d %s".formatted(schedule.lastRunId(), schedule.lastRunStatus().label());
  }

  static ObjectNode json(ScheduleView schedule) {
    ObjectNode node = RuntimeJson.object();
    node.put("name", schedule.name());
    node.put("pipeline", schedule.pipeline());
    node.put("cron", schedule.cron());
    node.put("timezone", schedule.timezone());
    node.put("catchup", schedule.catchup());
    node.put("overlap", schedule.overlap());
    node.set("params", schedule.params());
    node.put("paused", schedule.paused());
    node.put("next_tick", RuntimeJson.time(schedule.nextTick()));
    node.put(
        "next_tick_local",
        schedule.nextTick() == null
            ? null
            : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                schedule.nextTick().atZone(ZoneId.of(schedule.timezone()))));
    node.put("last_tick", RuntimeJson.time(schedule.lastTick()));
    if (schedule.lastRunId() == null) {
      node.putNull("last_run");
    } else {
      ObjectNode run = node.putObject("last_run");
      run.put("id", RuntimeJson.id(schedule.lastRunId()));
      run.put("status", schedule.lastRunStatus() == null ? null : schedule.lastRunStatus().label());
    }
    node.put("skipped_tick", RuntimeJson.time(schedule.skippedTick()));
    node.put("skipped_reason", schedule.skippedReason());
    node.put("deployed_at", RuntimeJson.time(schedule.deployedAt()));
    node.put("revision", schedule.revision());
    return node;
  }
}
