package dev.flowc.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.dag.Backoff;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.dag.ResultRefs;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.JobView;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.handler.BuiltinHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker processes killed with SIGKILL again and again while they run a plan with chains, retried
 * jobs and failing jobs: at the end every job is final, with exactly the attempts, error rows and
 * results its handler's behaviour gives, as if nothing had been killed.
 */
@Tag("slow")
class RepeatedKillTest {
  private static final int KILLS = 12;
  private static final int CHAINS = 24;
  private static final int LENGTH = 24;
  private static final long SLEEP_MS = 250;
  private static final int FLAKY = 20;
  private static final int FLAKY_FAILURES = 2;
  private static final int DOOMED = 10;
  private static final int DOOMED_RETRIES = 2;
  private static final Duration START = Duration.ofSeconds(30);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @TempDir Path dir;

  @Test
  void a_run_killed_at_random_points_ends_with_every_attempt_error_and_result_exactly_right()
      throws Exception {
    Path db = dir.resolve("kill.db");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String context = "seed " + seed;
    long runId;
    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(db).open()) {
      runId = runtime.submit(plan()).id();
    }

    int kills = 0;
    while (kills < KILLS) {
      try (ChildJvm worker =
          ChildJvm.start(
              dir, "worker-" + kills, WorkerProcess.class, "work", db.toString(), "" + runId)) {
        worker.awaitLine("working", START);
        // A random point: at once, in the middle of a job, in a commit, in a backoff.
        TimeUnit.MILLISECONDS.sleep(random.nextInt(1_000)); // the point to kill at, not a wait
        try (FlowRuntime observer = FlowRuntime.builder().sqlite(db).open()) {
          assertThat(observer.run(runId).orElseThrow().status())
              .as(
                  "the run ended after %d kills of %d (%s): make the plan longer",
                  kills, KILLS, context)
              .isEqualTo(RunStatus.RUNNING);
        }
        worker.kill();
        kills++;
      }
    }

    try (ChildJvm last =
        ChildJvm.start(dir, "last", WorkerProcess.class, "work", db.toString(), "" + runId)) {
      String done = last.awaitLine("done ", Duration.ofSeconds(90));
      assertThat(done).as(context).startsWith("FAILED ");
      assertThat(last.awaitExit(Duration.ofSeconds(30))).as(last.details()).isZero();
    }

    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(db).open()) {
      assertThat(runtime.run(runId).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
      Map<String, JobSummary> jobs =
          runtime.jobs(runId).stream()
              .collect(Collectors.toMap(JobSummary::stage, Function.identity()));
      assertThat(jobs).hasSize(CHAINS * LENGTH + CHAINS * ((LENGTH - 1) / 3) + FLAKY + 2 * DOOMED);
      for (JobSummary job : jobs.values()) {
        JobView view = runtime.job(job.id()).orElseThrow();
        String what = job.stage() + " (" + context + ")";
        assertThat(job.state().isFinal()).as(what).isTrue();
        if (job.stage().startsWith("echo_")) {
          assertThat(job.state()).as(what).isEqualTo(JobState.COMPLETE);
          assertThat(job.attempts()).as(what).isEqualTo(1);
          assertThat(view.errors()).as(what).isEmpty();
          assertThat(view.result()).as(what).isEqualTo(expectedEcho(job.stage()));
        } else if (job.stage().startsWith("sleep_")) {
          assertThat(job.state()).as(what).isEqualTo(JobState.COMPLETE);
          assertThat(job.attempts()).as(what).isEqualTo(1);
          assertThat(view.errors()).as(what).isEmpty();
        } else if (job.stage().startsWith("flaky_")) {
          assertThat(job.state()).as(what).isEqualTo(JobState.COMPLETE);
          assertThat(job.attempts()).as(what).isEqualTo(FLAKY_FAILURES + 1);
          assertThat(view.errors())
              .as(what)
              .extracting(error -> error.attempt())
              .containsExactly(1, 2);
        } else if (job.stage().startsWith("doomed_")) {
          assertThat(job.state()).as(what).isEqualTo(JobState.DEAD);
          assertThat(job.attempts()).as(what).isEqualTo(DOOMED_RETRIES + 1);
          assertThat(view.errors())
              .as(what)
              .extracting(error -> error.attempt())
              .containsExactly(1, 2, 3);
        } else {
          assertThat(job.stage()).startsWith("after_doomed_");
          assertThat(job.state()).as(what).isEqualTo(JobState.CANCELLED);
          assertThat(job.attempts()).as(what).isZero();
        }
      }
      assertThat(runtime.deadLetters(100)).as(context).hasSize(DOOMED);
    }
  }

  /**
   * A job that waits in a worker's buffer behind a busy thread, never started, is not counted as
   * reclaimed however often that worker is killed; the busy job, which did start, is, and dies at
   * the cap (3).
   */
  @Test
  void a_job_only_prefetched_by_a_killed_worker_is_not_counted_as_reclaimed() throws Exception {
    Path db = dir.resolve("prefetch.db");
    long runId;
    List<JobSpec> jobs = new ArrayList<>();
    jobs.add(
        job("busy", BuiltinHandlers.SLEEP).input(NODES.objectNode().put("ms", 120_000)).build());
    for (int i = 0; i < 5; i++) {
      jobs.add(
          job("waiting_" + i, BuiltinHandlers.ECHO).input(NODES.objectNode().put("i", i)).build());
    }
    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(db).open()) {
      runId =
          runtime
              .submit(
                  new Plan(
                      "prefetch", null, null, Map.of(), List.of(QueueSpec.defaultQueue()), jobs))
              .id();
    }
    for (int kill = 1; kill <= 3; kill++) {
      int reclaimsBefore = kill - 1;
      try (ChildJvm worker =
              ChildJvm.start(dir, "holder-" + kill, WorkerProcess.class, "hold", db.toString());
          FlowRuntime observer = FlowRuntime.builder().sqlite(db).open()) {
        worker.awaitLine("working", START);
        Poll.until(
            Duration.ofSeconds(30),
            () -> observer.jobs(runId),
            // Claimed by this worker: the busy job's reclaims show the previous kills were seen.
            all ->
                all.get(0).reclaims() == reclaimsBefore
                    && all.get(0).startedAt() != null
                    && all.stream().allMatch(job -> job.state() == JobState.RUNNING),
            "the busy job running and the others claimed behind it");
        worker.kill();
      }
    }

    try (ChildJvm worker = ChildJvm.start(dir, "last", WorkerProcess.class, "hold", db.toString());
        FlowRuntime observer = FlowRuntime.builder().sqlite(db).open()) {
      worker.awaitLine("working", START);
      List<JobSummary> end =
          Poll.until(
              Duration.ofSeconds(30),
              () -> observer.jobs(runId),
              all -> all.stream().allMatch(job -> job.state().isFinal()),
              "every job final");
      assertThat(end.get(0).state()).isEqualTo(JobState.DEAD);
      assertThat(end.get(0).reclaims()).isEqualTo(3);
      assertThat(end.subList(1, end.size()))
          .allSatisfy(
              job -> {
                assertThat(job.state()).as(job.stage()).isEqualTo(JobState.COMPLETE);
                assertThat(job.reclaims()).as(job.stage()).isZero();
                assertThat(job.attempts()).as(job.stage()).isEqualTo(1);
              });
    }
  }

  /**
   * {@value #CHAINS} chains of {@value #LENGTH} echo jobs passing values on, with a sleep of
   * {@value #SLEEP_MS} ms before every third link; flaky jobs that fail their first two attempts
   * and then succeed; doomed jobs that fail every attempt, each with a dependent.
   */
  private static Plan plan() {
    List<JobSpec> jobs = new ArrayList<>();
    for (int chain = 0; chain < CHAINS; chain++) {
      for (int link = 0; link < LENGTH; link++) {
        ObjectNode input = NODES.objectNode();
        input.set("v", NODES.arrayNode().add(chain).add(link));
        JobSpec.Builder echo = job(echo(chain, link), BuiltinHandlers.ECHO);
        if (link > 0) {
          String previous = echo(chain, link - 1);
          input.set("prev", ResultRefs.result(previous, List.of("v")));
          echo.dependsOn(previous);
          if (link % 3 == 0) {
            String sleep = "sleep_" + chain + "_" + link;
            jobs.add(
                job(sleep, BuiltinHandlers.SLEEP)
                    .dependsOn(previous)
                    .input(NODES.objectNode().put("ms", SLEEP_MS))
                    .build());
            echo.dependsOn(sleep);
          }
        }
        jobs.add(echo.input(input).build());
      }
    }
    for (int i = 0; i < FLAKY; i++) {
      jobs.add(
          job("flaky_" + i, BuiltinHandlers.FAIL)
              .retries(FLAKY_FAILURES + 1)
              .dependsOn(echo(i % CHAINS, (i * 7) % LENGTH))
              .input(NODES.objectNode().put("times", FLAKY_FAILURES))
              .build());
    }
    for (int i = 0; i < DOOMED; i++) {
      jobs.add(
          job("doomed_" + i, BuiltinHandlers.FAIL)
              .retries(DOOMED_RETRIES)
              .dependsOn(echo(i % CHAINS, (i * 11) % LENGTH))
              .build());
      jobs.add(job("after_doomed_" + i, BuiltinHandlers.ECHO).dependsOn("doomed_" + i).build());
    }
    return new Plan("kill", null, null, Map.of(), List.of(QueueSpec.defaultQueue()), jobs);
  }

  private static JsonNode expectedEcho(String stage) {
    String[] parts = stage.split("_");
    int chain = Integer.parseInt(parts[1]);
    int link = Integer.parseInt(parts[2]);
    ObjectNode result = NODES.objectNode();
    result.set("v", NODES.arrayNode().add(chain).add(link));
    if (link > 0) {
      result.set("prev", NODES.arrayNode().add(chain).add(link - 1));
    }
    return result;
  }

  private static String echo(int chain, int link) {
    return "echo_" + chain + "_" + link;
  }

  private static JobSpec.Builder job(String stage, String handler) {
    return JobSpec.builder(stage, handler).retries(0).backoff(Backoff.fixed(100));
  }
}
