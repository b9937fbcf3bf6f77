package dev.flowc.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.dag.Rate;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.postgres.PostgresTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two worker processes of two threads each drain a queue of {@code rate 20/s}, on one SQLite file
 * or one PostgreSQL database: together they start its jobs as one token bucket of 20 allows (the
 * handlers' starts as stored), each job once.
 */
class RateLimitProcessesTest {
  private static final int RATE = 20;
  private static final int JOBS = 60;
  private static final int PROCESSES = 2;

  @TempDir Path dir;

  private static Plan plan() {
    List<JobSpec> jobs = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      jobs.add(JobSpec.builder("api_" + i, RecordingHandler.NAME).queue("api").retries(0).build());
    }
    return new Plan(
        "rated",
        null,
        null,
        Map.of(),
        List.of(QueueSpec.defaultQueue(), new QueueSpec("api", null, Rate.perSecond(RATE))),
        jobs);
  }

  @Test
  void processes_sharing_a_file_start_a_rated_queue_at_its_rate() throws Exception {
    String db = dir.resolve("rated.db").toString();
    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(Path.of(db), SyncMode.NORMAL).open()) {
      drainAndCheck(db, runtime);
    }
  }

  @Test
  void processes_sharing_a_postgres_database_start_a_rated_queue_at_its_rate() throws Exception {
    try (PostgresTestServer.Database postgres = PostgresTestServer.get().createDatabase();
        FlowRuntime runtime = WorkerProcess.runtime(postgres.url(), 30_000).open()) {
      drainAndCheck(postgres.url(), runtime);
    }
  }

  private void drainAndCheck(String store, FlowRuntime runtime) throws Exception {
    RunView run = runtime.submit(plan());
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
      for (ChildJvm worker : workers) {
        worker.awaitLine("ready", Duration.ofSeconds(60));
      }
      for (ChildJvm worker : workers) {
        worker.send("go");
      }
      for (ChildJvm worker : workers) {
        worker.awaitLine("processed ", Duration.ofSeconds(120));
        assertThat(worker.awaitExit(Duration.ofSeconds(30))).as(worker.details()).isZero();
      }
    } finally {
      for (ChildJvm worker : workers) {
        worker.close();
      }
    }
    assertThat(runtime.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETE);
    int executions = 0;
    for (Path log : logs) {
      executions += Files.readAllLines(log).size();
    }
    assertThat(executions).as("each job ran once").isEqualTo(JOBS);

    List<Long> starts = new ArrayList<>();
    for (JobSummary job : runtime.jobs(run.id())) {
      starts.add(job.startedAt().toEpochMilli());
    }
    starts.sort(null);
    // The bucket's bound between any two starts: RATE + RATE x the time between them, and 3 more
    // for handlers that start a little after their claims on a busy machine.
    for (int i = 0; i < starts.size(); i++) {
      for (int j = i + 1; j < starts.size(); j++) {
        double seconds = (starts.get(j) - starts.get(i)) / 1000.0;
        assertThat(j - i + 1)
            .as("starts %d..%d within %.3f s", i, j, seconds)
            .isLessThanOrEqualTo((int) Math.floor(RATE + RATE * seconds) + 3);
      }
    }
  }
}
