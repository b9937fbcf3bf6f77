package dev.flowc.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.postgres.PostgresTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three processes enqueue jobs with the same unique keys at the same time, on one SQLite file or
 * one PostgreSQL database: each key makes one job, and every process gets its id.
 */
class UniqueKeyProcessesTest {
  private static final int PROCESSES = 3;
  private static final int KEYS = 40;

  @TempDir Path dir;

  @Test
  void processes_sharing_a_file_make_one_job_per_key() throws Exception {
    String db = dir.resolve("keys.db").toString();
    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(Path.of(db), SyncMode.NORMAL).open()) {
      race(db, runtime);
    }
  }

  @Test
  void processes_sharing_a_postgres_database_make_one_job_per_key() throws Exception {
    try (PostgresTestServer.Database postgres = PostgresTestServer.get().createDatabase();
        FlowRuntime runtime = WorkerProcess.runtime(postgres.url(), 30_000).open()) {
      race(postgres.url(), runtime);
    }
  }

  private void race(String store, FlowRuntime runtime) throws Exception {
    List<ChildJvm> racers = new ArrayList<>();
    List<String> answers = new ArrayList<>();
    try {
      for (int i = 0; i < PROCESSES; i++) {
        racers.add(
            ChildJvm.start(
                dir, "racer-" + i, KeyedEnqueueProcess.class, store, Integer.toString(KEYS)));
      }
      for (ChildJvm racer : racers) {
        racer.awaitLine("ready", Duration.ofSeconds(60));
      }
      for (ChildJvm racer : racers) {
        racer.send("go");
      }
      for (ChildJvm racer : racers) {
        answers.add(racer.awaitLine("ids ", Duration.ofSeconds(90)));
        assertThat(racer.awaitExit(Duration.ofSeconds(30))).as(racer.details()).isZero();
      }
    } finally {
      for (ChildJvm racer : racers) {
        racer.close();
      }
    }
    for (String answer : answers) {
      assertThat(answer).isEqualTo(answers.get(0));
    }
    assertThat(new HashSet<>(List.of(answers.get(0).split(",")))).hasSize(KEYS);
    long stored = runtime.stats().states().values().stream().mapToLong(Long::longValue).sum();
    assertThat(stored).isEqualTo(KEYS);
  }
}
