package dev.flowc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.Worker;
import dev.flowc.runtime.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention with real processes (issue 13): a {@code flowc worker} applies flowc.yaml's {@code
 * retention:} in the background, and a {@code flowc purge} killed with SIGKILL in the middle of a
 * large store leaves no half-removed run, the next purge finishing what it began.
 */
class RetentionIT {
  @TempDir Path dir;

  private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private long number(Path store, String sql) {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (java.sql.SQLException e) {
      // The purge holds the write lock: a read in WAL mode does not wait for it, but a busy
      // checkpoint may make one fail now and then.
      return -1;
    }
  }

  @Test
  void a_worker_removes_old_complete_runs_in_the_background_and_keeps_failed_ones()
      throws Exception {
    Files.writeString(
        dir.resolve("flowc.yaml"),
        "store: jobs.db\nretention:\n  complete: 1s\n  cancelled: 1s\n  every: 1s\n");
    Files.writeString(dir.resolve("ok.flow"), RuntimePipelines.COMPLETES);
    Files.writeString(dir.resolve("fails.flow"), RuntimePipelines.FAILS);
    FlowcProcess flowc = new FlowcProcess(dir);
    assertThat(flowc.run("run", "ok.flow").exitCode()).isZero();
    assertThat(flowc.run("run", "fails.flow").exitCode()).isEqualTo(1);

    FlowcProcess.Started worker = flowc.start(dir, "worker");
    try {
      awaitTrue(
          "the worker removed run 1",
          Duration.ofSeconds(60),
          () -> number(dir.resolve("jobs.db"), "SELECT count(*) FROM runs WHERE id = 1") == 0);
      JsonNode runs = RuntimePipelines.json(flowc.run("runs", "-f", "json").out());
      assertThat(runs.get("runs")).extracting(run -> run.get("id").asText()).containsExactly("2");
      assertThat(runs.at("/runs/0/status").asText()).isEqualTo("failed");
      awaitTrue(
          "the worker said so",
          Duration.ofSeconds(10),
          () -> {
            try {
              return worker.err().contains("flowc: retention removed 1 run (2 jobs, ");
            } catch (java.io.IOException e) {
              return false;
            }
          });
      assertThat(worker.err())
          .contains(
              "flowc: retention: removes complete runs after 1s, cancelled runs after 1s (looks"
                  + " every 1s)");
    } finally {
      worker.process().destroy();
      assertThat(worker.awaitExit()).isZero();
    }
  }

  /** Runs of {@code jobs} no-op jobs each, run to completion in this JVM. */
  private static void completeRuns(Path store, int runs, int jobs) throws Exception {
    List<JobSpec> specs = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      specs.add(JobSpec.builder("j" + i, "builtin.noop").build());
    }
    Plan plan =
        new Plan("bulk", null, null, Map.of(), List.of(new QueueSpec("default", null)), specs);
    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(store).open();
        Worker worker = runtime.startWorker(WorkerOptions.of(2))) {
      long last = 0;
      for (int i = 0; i < runs; i++) {
        last = runtime.submit(plan).id();
      }
      assertThat(runtime.awaitRun(last, Duration.ofMinutes(5)).status())
          .isEqualTo(RunStatus.COMPLETE);
      worker.awaitDrained(Duration.ofMinutes(5));
    }
  }

  @Test
  void a_purge_killed_mid_way_leaves_no_half_removed_run_and_the_next_purge_finishes()
      throws Exception {
    Path store = dir.resolve("big.db");
    completeRuns(store, 300, 100);
    completeRuns(store, 8, 12_000);
    long jobs = number(store, "SELECT count(*) FROM jobs");
    assertThat(jobs).isEqualTo(300 * 100 + 8 * 12_000);
    FlowcProcess flowc = new FlowcProcess(dir);

    FlowcProcess.Started purge =
        flowc.start(dir, "purge", "--older-than", "0s", "--store", store.toString());
    // Killed while a large run is half removed, hidden; or, failing to catch that moment, once it
    // is well into the large runs.
    awaitTrue(
        "the purge is half-way through a large run",
        Duration.ofSeconds(60),
        () ->
            number(
                        store,
                        "SELECT count(*) FROM runs r WHERE r.status = 'submitting'"
                            + " AND r.jobs > (SELECT count(*) FROM jobs j WHERE j.run_id = r.id)")
                    > 0
                || number(store, "SELECT count(*) FROM runs") < 305);
    purge.process().destroyForcibly(); // SIGKILL
    purge.awaitExit();

    // Every run still shown has every job it had; a run being removed is hidden whole.
    assertThat(
            number(
                store,
                "SELECT count(*) FROM runs r WHERE r.status <> 'submitting'"
                    + " AND r.jobs <> (SELECT count(*) FROM jobs j WHERE j.run_id = r.id)"))
        .isZero();
    assertThat(
            number(
                store,
                "SELECT count(*) FROM jobs j WHERE NOT EXISTS"
                    + " (SELECT 1 FROM runs r WHERE r.id = j.run_id)"))
        .isZero();
    long shown = number(store, "SELECT count(*) FROM runs WHERE status <> 'submitting'");
    assertThat(shown).isLessThan(308);
    JsonNode listed =
        RuntimePipelines.json(
            flowc.run("runs", "-n", "1000", "-f", "json", "--store", store.toString()).out());
    assertThat(listed.get("runs")).hasSize((int) shown);

    FlowcProcess.Result again =
        flowc.run("purge", "--older-than", "0s", "--store", store.toString(), "-f", "json");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(number(store, "SELECT count(*) FROM runs")).isZero();
    assertThat(number(store, "SELECT count(*) FROM jobs")).isZero();
    assertThat(number(store, "SELECT count(*) FROM job_deps")).isZero();
  }
}
