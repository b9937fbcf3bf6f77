package dev.flowc.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.store.postgres.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two worker processes run a 3,000-job run on PostgreSQL; the database restarts in the middle of it
 * (pg_ctl restart -m fast: every connection cut). The workers reconnect and go on, and the run ends
 * complete with every result right and nothing counted twice.
 */
@Tag("slow")
class DatabaseRestartTest {
  private static final long LEASE_MS = 5_000;
  private static final int PROCESSES = 2;
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void workers_go_on_after_the_database_restarts_mid_run_and_nothing_is_lost_or_counted_twice()
      throws Exception {
    Assumptions.assumeTrue(
        PostgresServer.binaries().isPresent(), "no PostgreSQL server binaries on this machine");
    try (PostgresServer server = PostgresServer.start()) {
      try (Connection admin = DriverManager.getConnection(server.url("postgres"));
          Statement statement = admin.createStatement()) {
        statement.execute("CREATE DATABASE flowc");
      }
      String url = server.url("flowc");
      long runId;
      try (FlowRuntime submitter = WorkerProcess.runtime(url, LEASE_MS).open()) {
        runId = submitter.submit(CrashPlan.plan()).id();
      }
      int total = CrashPlan.expectedResults().size();

      List<ChildJvm> workers = new ArrayList<>();
      try {
        for (int i = 0; i < PROCESSES; i++) {
          String name = "worker-" + i;
          workers.add(
              ChildJvm.start(
                  dir,
                  name,
                  WorkerProcess.class,
                  "serve",
                  url,
                  dir.resolve(name + ".log").toString(),
                  name,
                  "-",
                  "" + LEASE_MS));
        }
        for (ChildJvm worker : workers) {
          worker.awaitLine("working", START);
        }
        Poll.until(START, () -> completed(url, runId), done -> done >= total / 4, "a quarter done");
        server.restart();
        int afterRestart = completed(url, runId);
        assertThat(afterRestart).as("jobs complete after the restart").isLessThan(total);
        try {
          Poll.until(
              Duration.ofSeconds(150),
              () -> completed(url, runId),
              done -> done == total || workers.stream().anyMatch(w -> w.printed("failed: ")),
              "the run finishing after the restart");
        } catch (AssertionError e) {
          StringBuilder details = new StringBuilder(e.getMessage());
          for (ChildJvm worker : workers) {
            worker.send("stop");
            worker.awaitLine("stopped ", START);
            details.append(worker.details());
          }
          throw new AssertionError(details.toString(), e);
        }

        for (ChildJvm worker : workers) {
          worker.send("stop");
          String stopped = worker.awaitLine("stopped ", START);
          assertThat(stopped)
              .as("went on after the restart%s", worker.details())
              .doesNotContain("failed");
          assertThat(worker.awaitExit(START)).as(worker.details()).isZero();
        }
      } finally {
        for (ChildJvm worker : workers) {
          worker.close();
        }
      }

      try (FlowRuntime runtime = WorkerProcess.runtime(url, LEASE_MS).open();
          Connection sql = DriverManager.getConnection(url)) {
        RunView run = runtime.run(runId).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETE);
        RunChecks.assertCompleteWith(runtime, runId, CrashPlan.expectedResults());
        RunChecks.assertNothingCountedTwice(sql, runId);
        assertThat(runtime.deadLetters(10)).isEmpty();
      }
    }
  }

  /** Jobs of the run recorded complete, read with a connection of its own (-1 while down). */
  private static int completed(String url, long runId) {
    try (Connection sql = DriverManager.getConnection(url);
        PreparedStatement statement =
            sql.prepareStatement(
                "SELECT count(*) FROM jobs WHERE run_id = ? AND state = 'complete'")) {
      statement.setLong(1, runId);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    } catch (SQLException e) {
      return -1;
    }
  }
}
