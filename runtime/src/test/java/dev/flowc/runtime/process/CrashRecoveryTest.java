package dev.flowc.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.JobView;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process is killed with SIGKILL in the middle of a 3,000-job run; a second process opens
 * the same file and finishes it. Nothing is lost, nothing is mixed up, nothing stays running.
 */
@Tag("slow")
class CrashRecoveryTest {
  private static final Duration START = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void a_second_process_finishes_the_run_of_a_killed_one_with_every_result_right()
      throws Exception {
    Path db = dir.resolve("crash.db");
    Map<String, JsonNode> expected = CrashPlan.expectedResults();
    int total = expected.size();
    long runId;
    Set<Long> runningAtKill;
    int completeAtKill;
    try (ChildJvm first =
        ChildJvm.start(dir, "first", WorkerProcess.class, "submit-and-work", db.toString())) {
      runId = Long.parseLong(first.awaitLine("run ", START));
      try (FlowRuntime observer = FlowRuntime.builder().sqlite(db).open()) {
        // Kill it once a quarter of the jobs are done: mid-flight, with sleeps running.
        RunView midway =
            Poll.until(
                Duration.ofSeconds(60),
                () -> observer.run(runId).orElseThrow(),
                run -> run.jobs() - run.unfinished() >= total / 4,
                "a quarter of the jobs completing");
        assertThat(midway.status()).isEqualTo(RunStatus.RUNNING);
        first.kill();
        List<JobSummary> jobs = observer.jobs(runId);
        runningAtKill =
            jobs.stream()
                .filter(job -> job.state() == JobState.RUNNING)
                .map(JobSummary::id)
                .collect(Collectors.toSet());
        completeAtKill =
            (int) jobs.stream().filter(job -> job.state() == JobState.COMPLETE).count();
      }
    }
    assertThat(completeAtKill).as("jobs complete when killed").isBetween(total / 4, total - 1);
    assertThat(runningAtKill).as("jobs left running by the killed process").isNotEmpty();

    String done;
    try (ChildJvm second =
        ChildJvm.start(dir, "second", WorkerProcess.class, "finish", db.toString(), "" + runId)) {
      done = second.awaitLine("done ", Duration.ofSeconds(60));
      assertThat(second.awaitExit(Duration.ofSeconds(30))).as(second.details()).isZero();
    }
    String[] words = done.split(" ");
    assertThat(words[0]).isEqualTo("COMPLETE");
    assertThat(Integer.parseInt(words[1]))
        .as("jobs the second process ran")
        .isGreaterThanOrEqualTo(total - completeAtKill);

    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(db).open()) {
      assertThat(runtime.run(runId).orElseThrow().status()).isEqualTo(RunStatus.COMPLETE);
      assertThat(runtime.deadLetters(10)).isEmpty();
      List<JobSummary> jobs = runtime.jobs(runId);
      assertThat(jobs).hasSize(total);
      assertThat(jobs).allSatisfy(job -> assertThat(job.state()).isEqualTo(JobState.COMPLETE));
      Map<String, JsonNode> results = new HashMap<>();
      for (JobSummary job : jobs) {
        JobView view = runtime.job(job.id()).orElseThrow();
        results.put(job.stage(), view.result());
      }
      assertThat(results).containsOnlyKeys(expected.keySet());
      expected.forEach(
          (stage, result) -> assertThat(results.get(stage)).as(stage).isEqualTo(result));
      // The killed process's jobs came back through reclaims; only those whose handler had
      // started, with the start recorded (written within 100 ms, so the 20 ms sleeps rarely are),
      // may count one: never one that was waiting in its buffer.
      Set<Long> reclaimed =
          jobs.stream()
              .filter(job -> job.reclaims() > 0)
              .map(JobSummary::id)
              .collect(Collectors.toSet());
      assertThat(runningAtKill).containsAll(reclaimed);
    }
  }
}
