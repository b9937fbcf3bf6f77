package dev.flowc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.dag.Schedule;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.ScheduledPlan;
import dev.flowc.runtime.store.postgres.FreshPostgresDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code flowc worker} processes started at once on one store, each firing the due ticks of
 * the store's schedules: every tick makes exactly one run, counted in the database, on one SQLite
 * file and on PostgreSQL. Time is moved with {@code FLOWC_NOW}, never waited for.
 */
class ScheduleFiringIT {
  private static final int WORKERS = 3;
  private static final Instant DEPLOYED = Instant.parse("2026-12-07T10:00:30Z");
  // Five hourly ticks due (11:00 to 15:00) for "every_hour", one (15:00) for "latest_only".
  private static final String NOW = "2026-12-07T15:30:00Z";

  @TempDir Path dir;

  @RegisterExtension final FreshPostgresDatabase database = new FreshPostgresDatabase();

  private static Plan plan() {
    return new Plan(
        "etl",
        null,
        null,
        Map.of("full", BooleanNode.TRUE),
        List.of(new QueueSpec("default", null)),
        List.of(
            JobSpec.builder("a", "builtin.noop").build(),
            JobSpec.builder("b", "builtin.noop").dependsOn("a").build()));
  }

  private static void deploy(String store) {
    try (FlowRuntime runtime = FlowRuntime.builder().store(store).open()) {
      runtime.deploy(
          "etl",
          List.of(
              new ScheduledPlan(
                  new Schedule(
                      "every_hour",
                      "0 * * * *",
                      "UTC",
                      Schedule.Catchup.ALL,
                      Schedule.Overlap.ALLOW,
                      Map.of()),
                  plan(),
                  null),
              new ScheduledPlan(
                  new Schedule(
                      "latest_only",
                      "0 * * * *",
                      "UTC",
                      Schedule.Catchup.LATEST,
                      Schedule.Overlap.ALLOW,
                      Map.of()),
                  plan(),
                  null)),
          DEPLOYED);
    }
  }

  /** Starts the workers together; returns their stderr once each drained and exited 0. */
  private List<String> racingWorkers(String store) throws Exception {
    FlowcProcess flowc = new FlowcProcess(dir);
    List<FlowcProcess.Started> started = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      started.add(
          flowc.start(dir, Map.of("FLOWC_NOW", NOW), "worker", "--drain", "--store", store));
    }
    List<String> errs = new ArrayList<>();
    for (FlowcProcess.Started worker : started) {
      assertThat(worker.awaitExit()).as(worker.err()).isZero();
      errs.add(worker.err());
    }
    // What one worker left running another finished, or the last drain does (at the same time:
    // with the machine's clock it would fire the ticks due since NOW too).
    FlowcProcess.Result last =
        flowc.run(Map.of("FLOWC_NOW", NOW), List.of(), "worker", "--drain", "--store", store);
    assertThat(last.exitCode()).as(last.err()).isZero();
    return errs;
  }

  private static void oneRunPerTick(Connection connection, List<String> errs) throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT run_key, count(*) FROM runs GROUP BY run_key ORDER BY run_key")) {
      List<String> keys = new ArrayList<>();
      while (rows.next()) {
        assertThat(rows.getLong(2)).as(rows.getString(1)).isEqualTo(1);
        keys.add(rows.getString(1));
      }
      assertThat(keys)
          .containsExactly(
              "schedule:every_hour:2026-12-07T11:00:00Z",
              "schedule:every_hour:2026-12-07T12:00:00Z",
              "schedule:every_hour:2026-12-07T13:00:00Z",
              "schedule:every_hour:2026-12-07T14:00:00Z",
              "schedule:every_hour:2026-12-07T15:00:00Z",
              "schedule:latest_only:2026-12-07T15:00:00Z");
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*), count(DISTINCT run_id) FROM jobs WHERE state = 'complete'")) {
      rows.next();
      assertThat(rows.getLong(1)).isEqualTo(12);
      assertThat(rows.getLong(2)).isEqualTo(6);
    }
    String all = String.join("\n", errs);
    assertThat(all.lines().filter(line -> line.contains(": tick ") && line.contains("made run")))
        .hasSize(6);
  }

  @Test
  void worker_processes_on_one_sqlite_file_fire_each_tick_once() throws Exception {
    String store = dir.resolve("schedules.db").toString();
    deploy(store);

    List<String> errs = racingWorkers(store);

    try (Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + store)) {
      oneRunPerTick(connection, errs);
    }
  }

  @Test
  void worker_processes_on_postgresql_fire_each_tick_once() throws Exception {
    deploy(database.url());

    List<String> errs = racingWorkers(database.url());

    try (Connection connection = database.connect()) {
      oneRunPerTick(connection, errs);
    }
  }

  @Test
  void a_scheduler_process_fires_the_due_ticks_and_exits_0_on_sigterm() throws Exception {
    String store = dir.resolve("scheduler.db").toString();
    deploy(store);
    FlowcProcess.Started scheduler =
        new FlowcProcess(dir).start(dir, Map.of("FLOWC_NOW", NOW), "scheduler", "--store", store);
    try {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      while (scheduler.err().lines().filter(line -> line.contains("made run")).count() < 6) {
        assertThat(System.nanoTime()).as(scheduler.err()).isLessThan(deadline);
        assertThat(scheduler.process().isAlive()).as(scheduler.err()).isTrue();
        Thread.sleep(50); // the poll of a deadline-bounded wait
      }
    } finally {
      scheduler.process().destroy(); // SIGTERM
    }
    assertThat(scheduler.awaitExit()).as(scheduler.err()).isZero();
    assertThat(scheduler.err())
        .startsWith("flowc: scheduler firing the schedules of store ")
        .contains("flowc: schedule latest_only: tick 2026-12-07T15:00:00Z made run ")
        .endsWith("flowc: scheduler stopped\n");
    try (Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + store)) {
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery("SELECT count(*), count(DISTINCT run_key) FROM runs")) {
        rows.next();
        assertThat(rows.getLong(1)).isEqualTo(6);
        assertThat(rows.getLong(2)).isEqualTo(6);
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT count(*) FROM jobs WHERE state <> 'pending' AND state <> 'blocked'")) {
        rows.next();
        assertThat(rows.getLong(1)).as("a scheduler runs no job").isZero();
      }
    }
  }
}
