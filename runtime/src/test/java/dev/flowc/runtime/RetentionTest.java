package dev.flowc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
  @TempDir Path dir;

  private static Plan plan(String handler) {
    return new Plan(
        "p",
        null,
        null,
        Map.of(),
        List.of(new QueueSpec("default", null)),
        List.of(JobSpec.builder("a", handler).retries(0).build()));
  }

  private static void awaitTrue(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void retention_removes_finished_complete_runs_in_the_background_and_keeps_failed_ones()
      throws Exception {
    List<PurgeReport> removed = new CopyOnWriteArrayList<>();
    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(dir.resolve("r.db")).open()) {
      RunView complete = runtime.submit(plan("builtin.noop"));
      RunView failed = runtime.submit(plan("builtin.fail"));
      try (Worker worker = runtime.startWorker(WorkerOptions.of(2))) {
        assertThat(runtime.awaitRun(complete.id(), Duration.ofSeconds(30)).status())
            .isEqualTo(RunStatus.COMPLETE);
        assertThat(runtime.awaitRun(failed.id(), Duration.ofSeconds(30)).status())
            .isEqualTo(RunStatus.FAILED);
      }
      try (AutoCloseable retention =
          runtime.startRetention(
              Retention.of(Duration.ZERO).every(Duration.ofMillis(50)),
              removed::add,
              e -> {
                throw new AssertionError(e);
              })) {
        awaitTrue("the complete run is gone", () -> runtime.run(complete.id()).isEmpty());
      }
      assertThat(runtime.run(failed.id())).isPresent();
      assertThat(runtime.deadLetters(10)).hasSize(1);
      assertThat(removed).hasSize(1);
      assertThat(removed.get(0).runs()).isEqualTo(1);
      assertThat(removed.get(0).jobs()).isEqualTo(1);
    }
  }

  @Test
  void a_purge_that_fails_is_told_and_tried_again() throws Exception {
    Path file = dir.resolve("r.db");
    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(file).open();
        Worker worker = runtime.startWorker(WorkerOptions.of(1))) {
      RunView run = runtime.submit(plan("builtin.noop"));
      assertThat(runtime.awaitRun(run.id(), Duration.ofSeconds(30)).status())
          .isEqualTo(RunStatus.COMPLETE);
    }
    List<RuntimeException> failures = new CopyOnWriteArrayList<>();
    try (FlowRuntime readOnly = FlowRuntime.builder().sqlite(file).readOnly().open();
        AutoCloseable retention =
            readOnly.startRetention(
                Retention.of(Duration.ZERO).every(Duration.ofMillis(20)),
                report -> {},
                failures::add)) {
      awaitTrue("two purges failed", () -> failures.size() >= 2);
    }
    assertThat(failures.get(0))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("read-only");
  }

  @Test
  void retention_never_names_failed_runs() {
    assertThatThrownBy(
            () ->
                new Retention(Map.of(RunStatus.FAILED, Duration.ofDays(90)), Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dead letters");
    assertThat(Retention.of(Duration.ofDays(30)).request().keepRunsWithDeadJobs()).isTrue();
    assertThat(
            PurgeRequest.olderThan(Duration.ZERO, java.util.Set.of(RunStatus.COMPLETE))
                .keepRunsWithDeadJobs())
        .isTrue();
    assertThat(
            PurgeRequest.olderThan(Duration.ZERO, java.util.Set.of(RunStatus.FAILED))
                .keepRunsWithDeadJobs())
        .isFalse();
  }
}
