package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store on a 2 MB tmpfs that fills up while jobs write big results: the worker stops and says
 * what it could not record; once there is space, a new worker finishes the run with every result
 * intact. Mounting needs root, which CI has; elsewhere the test is skipped with that reason.
 */
class FullDiskTest extends RuntimeTestSupport {
  private static final int RESULT_CHARS = 200_000;
  private static final int JOBS = 16;

  private Tmpfs disk;
  private Path mount;

  @BeforeEach
  void mountSmallDisk() throws Exception {
    disk = Tmpfs.mount(dir.resolve("small-disk"), "size=2m");
    mount = disk.path();
  }

  @AfterEach
  void unmount() throws Exception {
    if (disk != null) {
      disk.close();
    }
  }

  @Test
  void a_full_disk_stops_the_worker_with_what_it_could_not_record_and_a_resume_finishes_the_run()
      throws Exception {
    bind(
        "test.big",
        (Handler<JsonNode, String>) (input, ctx) -> "x".repeat(RESULT_CHARS) + ctx.stage());
    Path db = mount.resolve("flowc.db");
    long runId;
    try (FlowRuntime runtime = shortLeases(db).open()) {
      Plans jobs = plan();
      for (int i = 0; i < JOBS; i++) {
        jobs.job(stage("big_" + i, "test.big", null));
      }
      runId = runtime.submit(jobs.build()).id();
      Worker worker = runtime.startWorker(WorkerOptions.of(2));
      await("the worker to stop", () -> worker.storeFailure().isPresent());
      assertThat(worker.storeFailure().orElseThrow().getMessage())
          .matches("cannot record the outcome of job \\d+ \\(big_\\d+\\): .*the disk is full");
      worker.close();
      assertThat(worker.jobsLeftRunning()).isNotEmpty();
      List<JobSummary> left =
          runtime.jobs(runId).stream().filter(job -> job.state() == JobState.RUNNING).toList();
      assertThat(left)
          .extracting(JobSummary::id)
          .containsExactlyInAnyOrderElementsOf(worker.jobsLeftRunning());
    }

    disk.remount("size=64m");
    try (FlowRuntime runtime = shortLeases(db).open();
        Worker worker = runtime.startWorker(WorkerOptions.of(2))) {
      RunView done = runtime.awaitRun(runId, Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(RunStatus.COMPLETE);
      for (JobSummary job : runtime.jobs(runId)) {
        assertThat(runtime.job(job.id()).orElseThrow().result().asText())
            .isEqualTo("x".repeat(RESULT_CHARS) + job.stage());
      }
      assertThat(worker.storeFailure()).isEmpty();
    }
  }

  private FlowRuntime.Builder shortLeases(Path db) {
    return FlowRuntime.builder()
        .sqlite(db)
        .handlers(registry())
        .leaseDuration(Duration.ofSeconds(1))
        .heartbeatInterval(Duration.ofMillis(250));
  }
}
