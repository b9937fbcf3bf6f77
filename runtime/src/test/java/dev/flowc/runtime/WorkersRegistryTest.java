package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.store.postgres.PostgresTestSchema;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Workers register in the store, renew their entry with each heartbeat, and leave on close. */
class WorkersRegistryTest extends RuntimeTestSupport {

  private void workersAreListedWithTheirJobsAndLeaveOnClose(FlowRuntime first, FlowRuntime second)
      throws Exception {
    Worker one = first.startWorker(WorkerOptions.of(2).withQueues(Set.of("default")));
    Worker two = second.startWorker(WorkerOptions.of(3));
    await("both workers are listed", () -> first.workers().size() == 2);
    List<WorkerInfo> workers = second.workers();
    assertThat(workers).extracting(WorkerInfo::id).containsExactlyInAnyOrder(one.id(), two.id());
    WorkerInfo mine = workers.stream().filter(w -> w.id().equals(one.id())).findFirst().get();
    assertThat(mine.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(mine.host()).isNotBlank();
    assertThat(mine.queues()).containsExactly("default");
    assertThat(mine.threads()).isEqualTo(2);
    assertThat(mine.lastHeartbeat()).isAfterOrEqualTo(mine.startedAt());

    RunView run =
        first.submit(plan().job(stage("sleepy", "builtin.sleep", "{'ms': 3000}")).build());
    long job = job(first, run.id(), "sleepy").id();
    await(
        "the job shows among some worker's running jobs",
        () -> first.workers().stream().anyMatch(w -> w.runningJobs().contains(job)));

    one.close();
    await("the closed worker is gone", () -> second.workers().size() == 1);
    assertThat(second.workers()).extracting(WorkerInfo::id).containsExactly(two.id());
  }

  @Test
  void workers_sharing_a_sqlite_file_are_listed_until_they_stop() throws Exception {
    workersAreListedWithTheirJobsAndLeaveOnClose(
        track(builder().heartbeatInterval(Duration.ofMillis(100)).open()),
        track(builder().heartbeatInterval(Duration.ofMillis(100)).open()));
  }

  @Test
  void workers_sharing_a_postgresql_database_are_listed_until_they_stop() throws Exception {
    try (PostgresTestSchema schema = PostgresTestSchema.create()) {
      try (FlowRuntime first =
              FlowRuntime.builder()
                  .store(schema.url())
                  .heartbeatInterval(Duration.ofMillis(100))
                  .open();
          FlowRuntime second =
              FlowRuntime.builder()
                  .store(schema.url())
                  .heartbeatInterval(Duration.ofMillis(100))
                  .open()) {
        workersAreListedWithTheirJobsAndLeaveOnClose(first, second);
      }
    }
  }

  @Test
  void a_worker_without_a_heartbeat_for_three_leases_is_not_listed() throws Exception {
    // A worker whose last heartbeat is an hour old, as one that crashed then: its clock is late.
    FlowRuntime stale =
        track(builder().clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(-1))).open());
    FlowRuntime fresh = open();
    Worker lost = stale.startWorker(WorkerOptions.of(1));
    await("the stale worker registered", () -> stale.workers().size() == 1);
    Worker live = fresh.startWorker(WorkerOptions.of(1));
    await("the live worker registered", () -> !fresh.workers().isEmpty());
    assertThat(fresh.workers()).extracting(WorkerInfo::id).containsExactly(live.id());
    assertThat(lost.id()).isNotEqualTo(live.id());
  }
}
