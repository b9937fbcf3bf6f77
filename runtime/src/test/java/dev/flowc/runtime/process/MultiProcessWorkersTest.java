package dev.flowc.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.postgres.PostgresTestServer;
import dev.flowc.runtime.store.sqlite.SqliteJobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three worker processes drain 10,000 jobs of one SQLite file, or one PostgreSQL database, at the
 * same time: every job runs exactly once, and more than one process gets work.
 */
@Tag("slow")
class MultiProcessWorkersTest {
  private static final int JOBS = 10_000;
  private static final int PROCESSES = 3;

  @TempDir Path dir;

  @Test
  void processes_sharing_a_file_run_every_job_exactly_once() throws Exception {
    Path db = dir.resolve("shared.db");
    Set<Long> ids = new HashSet<>();
    try (SqliteJobStore store = SqliteJobStore.open(db, SyncMode.NORMAL, Clock.systemUTC())) {
      for (int from = 0; from < JOBS; from += 1_000) {
        List<EnqueueRequest> batch = new ArrayList<>();
        for (int n = from; n < from + 1_000; n++) {
          batch.add(
              EnqueueRequest.builder(RecordingHandler.NAME)
                  .retries(0)
                  .input(JsonNodeFactory.instance.objectNode().put("n", n))
                  .build());
        }
        ids.addAll(store.enqueueAll(batch));
      }
    }
    assertThat(ids).hasSize(JOBS);

    drainInProcesses(db.toString(), ids);

    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(db).open()) {
      assertThat(runtime.stats().states().get(JobState.COMPLETE)).isEqualTo((long) JOBS);
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      assertClaimedOnceEach(connection);
    }
  }

  @Test
  void processes_sharing_a_postgres_database_run_every_job_exactly_once() throws Exception {
    List<JobSpec> jobs = new ArrayList<>();
    for (int n = 0; n < JOBS; n++) {
      jobs.add(
          JobSpec.builder("record_" + n, RecordingHandler.NAME)
              .retries(0)
              .input(JsonNodeFactory.instance.objectNode().put("n", n))
              .build());
    }
    Plan plan = new Plan("drain", null, null, Map.of(), List.of(QueueSpec.defaultQueue()), jobs);
    try (PostgresTestServer.Database postgres = PostgresTestServer.get().createDatabase()) {
      drainPlanOnPostgres(postgres, plan);
    }
  }

  private void drainPlanOnPostgres(PostgresTestServer.Database postgres, Plan plan)
      throws Exception {
    long runId;
    Set<Long> ids = new HashSet<>();
    try (FlowRuntime runtime = WorkerProcess.runtime(postgres.url(), 30_000).open()) {
      runId = runtime.submit(plan).id();
      runtime.jobs(runId).forEach(job -> ids.add(job.id()));
    }
    assertThat(ids).hasSize(JOBS);

    drainInProcesses(postgres.url(), ids);

    try (FlowRuntime runtime = WorkerProcess.runtime(postgres.url(), 30_000).open()) {
      assertThat(runtime.run(runId).orElseThrow().status()).isEqualTo(RunStatus.COMPLETE);
      assertThat(runtime.stats().states().get(JobState.COMPLETE)).isEqualTo((long) JOBS);
    }
    try (Connection connection = postgres.connect()) {
      assertClaimedOnceEach(connection);
    }
  }

  /** Starts the processes together on {@code store}, waits for them; each job ran once. */
  private void drainInProcesses(String store, Set<Long> ids) throws Exception {
    List<ChildJvm> workers = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    try {
      for (int i = 0; i < PROCESSES; i++) {
        Path log = dir.resolve("executions-" + i + ".log");
        logs.add(log);
        workers.add(
            ChildJvm.start(
                dir, "worker-" + i, WorkerProcess.class, "drain", store, log.toString()));
      }
      // All start claiming at once, so none drains the file before the others are up.
      for (ChildJvm worker : workers) {
        worker.awaitLine("ready", Duration.ofSeconds(30));
      }
      for (ChildJvm worker : workers) {
        worker.send("go");
      }
      for (ChildJvm worker : workers) {
        worker.awaitLine("processed ", Duration.ofSeconds(90));
        assertThat(worker.awaitExit(Duration.ofSeconds(30))).as(worker.details()).isZero();
      }
    } finally {
      for (ChildJvm worker : workers) {
        worker.close();
      }
    }

    Map<Long, Integer> executions = new TreeMap<>();
    List<Integer> perProcess = new ArrayList<>();
    for (Path log : logs) {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      perProcess.add(lines.size());
      for (String line : lines) {
        executions.merge(Long.parseLong(line), 1, Integer::sum);
      }
    }
    assertThat(new HashSet<>(executions.keySet())).as("jobs executed").isEqualTo(ids);
    assertThat(executions)
        .as("jobs executed more than once")
        .allSatisfy((id, count) -> assertThat(count).as("executions of job " + id).isOne());
    assertThat(perProcess.stream().filter(count -> count > 0).count())
        .as("processes that ran jobs, of %s", perProcess)
        .isGreaterThan(1);
  }

  /** Claimed once each, never reclaimed: no lease was lost along the way. */
  private static void assertClaimedOnceEach(Connection connection) throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM jobs WHERE claims <> 1 OR reclaims <> 0 OR attempts <> 1")) {
      rows.next();
      assertThat(rows.getInt(1)).isZero();
    }
  }
}
