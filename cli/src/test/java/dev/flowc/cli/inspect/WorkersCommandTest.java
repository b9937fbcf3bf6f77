package dev.flowc.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.RuntimePipelines;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.Worker;
import dev.flowc.runtime.WorkerOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkersCommandTest {
  @TempDir Path dir;

  private long pid() {
    return ProcessHandle.current().pid();
  }

  @Test
  void a_live_worker_is_listed_with_its_host_pid_queues_threads_and_heartbeat() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.COMPLETES);
    try (FlowRuntime runtime = FlowRuntime.builder().store(store.store()).open();
        Worker worker =
            runtime.startWorker(WorkerOptions.of(3).withQueues(Set.of("load", "extract")))) {

      FlowcRun text = store.flowc("workers");
      FlowcRun json = store.flowc("workers", "--format", "json");

      assertThat(text.exitCode()).as(text.err()).isZero();
      assertThat(text.out())
          .startsWith("ID ")
          .contains("HOST", "PID", "QUEUES", "THREADS", "JOBS", "STARTED", "LAST HEARTBEAT")
          .contains(worker.id())
          .contains(" " + pid() + " ")
          .contains(" extract,load ")
          .contains(" ago\n");
      assertThat(text.out().lines()).hasSize(2);
      JsonNode listed = RuntimePipelines.json(json.out()).at("/workers/0");
      assertThat(listed.get("id").asText()).isEqualTo(worker.id());
      assertThat(listed.get("pid").asLong()).isEqualTo(pid());
      assertThat(listed.get("queues")).hasSize(2);
      assertThat(listed.get("queues").get(0).asText()).isEqualTo("extract");
      assertThat(listed.get("threads").asInt()).isEqualTo(3);
      assertThat(listed.get("running_jobs").isArray()).isTrue();
      assertThat(Instant.parse(listed.get("last_heartbeat").asText())).isNotNull();
      assertThat(listed.get("heartbeat_age_ms").asLong()).isNotNegative();
      assertThat(listed.fieldNames())
          .toIterable()
          .containsExactly(
              "id",
              "host",
              "pid",
              "queues",
              "threads",
              "running_jobs",
              "started_at",
              "last_heartbeat",
              "heartbeat_age_ms");
    }
  }

  @Test
  void a_worker_that_stopped_is_not_listed() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.COMPLETES);
    try (FlowRuntime runtime = FlowRuntime.builder().store(store.store()).open()) {
      runtime.startWorker(WorkerOptions.of(1)).close();
    }

    FlowcRun text = store.flowc("workers");
    FlowcRun json = store.flowc("workers", "--format", "json");

    assertThat(text.out()).isEqualTo("no live workers in store '%s'\n", store.store());
    assertThat(RuntimePipelines.json(json.out()).get("workers")).isEmpty();
  }

  @Test
  void job_ids_beyond_five_are_counted_and_a_heartbeat_ahead_of_now_is_now() {
    assertThat(WorkersCommand.jobs(List.of())).isEqualTo("0");
    assertThat(WorkersCommand.jobs(List.of(4L, 9L))).isEqualTo("2: 4, 9");
    assertThat(WorkersCommand.jobs(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L)))
        .isEqualTo("7: 1, 2, 3, 4, 5, ...");
    Instant now = Instant.parse("2026-12-07T01:00:00Z");
    assertThat(WorkersCommand.age(now.minusMillis(2100), now)).isEqualTo("2.1s ago");
    assertThat(WorkersCommand.age(now.plusMillis(30), now)).isEqualTo("now");
  }

  @Test
  void no_store_is_exit_2_and_creates_nothing() {
    FlowcRun workers = FlowcRun.of("workers", "--store", dir.resolve("none.db").toString());

    assertThat(workers.exitCode()).isEqualTo(2);
    assertThat(dir.resolve("none.db")).doesNotExist();
  }
}
