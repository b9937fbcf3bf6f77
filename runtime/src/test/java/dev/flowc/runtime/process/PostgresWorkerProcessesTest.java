package dev.flowc.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.NewRun;
import dev.flowc.runtime.store.StoreOptions;
import dev.flowc.runtime.store.Stores;
import dev.flowc.runtime.store.postgres.PostgresTestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several worker processes drain one run of one PostgreSQL database: every job completes exactly
 * once, and the run's counters (every completion changes them: the candidate hot row) end right. It
 * prints the rate for the record (docs/runtime.md); speed is measured, never asserted.
 */
@Tag("slow")
class PostgresWorkerProcessesTest {
  private static final int JOBS = 10_000;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} worker processes")
  @ValueSource(ints = {1, 2, 4})
  void processes_draining_one_run_complete_every_job_exactly_once(int processes) throws Exception {
    try (PostgresTestSchema schema = PostgresTestSchema.create()) {
      long runId;
      try (JobStore store = Stores.open(schema.url(), StoreOptions.defaults(), null)) {
        List<JobSpec> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
          jobs.add(JobSpec.builder("s" + i, "builtin.noop").build());
        }
        Plan plan =
            new Plan(
                "scale",
                null,
                null,
                Map.of(),
                List.of(new QueueSpec(QueueSpec.DEFAULT, null)),
                jobs);
        RunView run = store.createRun(new NewRun(plan, null));
        runId = run.id();
      }
      List<ChildJvm> workers = new ArrayList<>();
      LockWaitSampler sampler = null;
      long started;
      long processed = 0;
      List<Long> perProcess = new ArrayList<>();
      try {
        for (int i = 0; i < processes; i++) {
          workers.add(
              ChildJvm.start(
                  dir,
                  "pg-worker-" + i,
                  PostgresWorkerProcess.class,
                  "drain",
                  schema.url(),
                  String.valueOf(Math.max(1, 4 / processes))));
        }
        for (ChildJvm worker : workers) {
          worker.awaitLine("ready", Duration.ofSeconds(60));
        }
        started = System.nanoTime();
        sampler = new LockWaitSampler(schema);
        for (ChildJvm worker : workers) {
          worker.send("go");
        }
        for (ChildJvm worker : workers) {
          long count = Long.parseLong(worker.awaitLine("processed ", Duration.ofMinutes(4)));
          perProcess.add(count);
          processed += count;
          assertThat(worker.awaitExit(Duration.ofSeconds(30))).as(worker.details()).isZero();
        }
      } finally {
        if (sampler != null) {
          sampler.stop();
        }
        for (ChildJvm worker : workers) {
          worker.close();
        }
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      System.out.printf(
          "PostgreSQL drain: %d process(es), %d jobs in %d ms: %.0f jobs/s (per process %s);"
              + " flowc backends waiting on a lock in %d of %d samples (%s)%n",
          processes,
          JOBS,
          millis,
          JOBS * 1000.0 / Math.max(1, millis),
          perProcess,
          sampler.lockWaits,
          sampler.samples,
          sampler.waitsByRelation);
      assertThat(processed).isEqualTo(JOBS);

      try (Connection connection = schema.connect();
          Statement statement = connection.createStatement()) {
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM jobs WHERE state <> 'complete' OR claims <> 1"
                    + " OR reclaims <> 0 OR attempts <> 1")) {
          rows.next();
          assertThat(rows.getInt(1)).as("jobs not completed exactly once").isZero();
        }
        try (ResultSet rows =
            statement.executeQuery("SELECT unfinished, status FROM runs_now WHERE id = " + runId)) {
          rows.next();
          assertThat(rows.getInt(1)).isZero();
          assertThat(rows.getString(2)).isEqualTo("complete");
        }
      }
    }
  }

  /**
   * Samples every 10 ms which of the store's backends wait for a lock, and on what: the run's row
   * would show here if it serialized the workers.
   */
  private static final class LockWaitSampler {
    volatile int samples;
    volatile int lockWaits;
    final Map<String, Integer> waitsByRelation = new java.util.concurrent.ConcurrentSkipListMap<>();
    private volatile boolean stopped;
    private final Thread thread;

    LockWaitSampler(PostgresTestSchema schema) {
      thread =
          new Thread(
              () -> {
                try (Connection connection = schema.connect();
                    Statement statement = connection.createStatement()) {
                  while (!stopped) {
                    try (ResultSet rows =
                        statement.executeQuery(
                            "SELECT coalesce(l.relation::regclass::text, l.locktype)"
                                + " FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid"
                                + " AND NOT l.granted WHERE a.datname = current_database()"
                                + " AND a.application_name = 'flowc'")) {
                      boolean any = false;
                      while (rows.next()) {
                        any = true;
                        waitsByRelation.merge(rows.getString(1), 1, Integer::sum);
                      }
                      samples++;
                      if (any) {
                        lockWaits++;
                      }
                    }
                    Thread.sleep(10);
                  }
                } catch (Exception e) {
                  // Sampling is for the record only.
                }
              },
              "lock-wait-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      stopped = true;
      thread.join(5_000);
    }
  }
}
