package dev.flowc.cli.run;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.FlowcProcessAccess;
import dev.flowc.cli.RuntimePipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running commands as separate processes of the packaged jar sharing one store: a worker in
 * another process, SIGTERM to a worker, and Ctrl-C (SIGINT) during {@code run}.
 */
class FlowcRunsIT {
  @TempDir Path dir;

  private FlowcProcessAccess flowc;

  @BeforeEach
  void setUp() throws IOException {
    flowc = new FlowcProcessAccess(dir);
    Files.writeString(dir.resolve("flowc.yaml"), "store: state/jobs.db\nworkers: 2\n", UTF_8);
  }

  private JsonNode status(String run) throws Exception {
    FlowcProcessAccess.Outcome status = flowc.run("status", run, "--format", "json");
    assertThat(status.exitCode()).as(status.err()).isZero();
    return RuntimePipelines.json(status.out());
  }

  private static List<String> states(JsonNode status) {
    return StreamSupport.stream(status.get("jobs").spliterator(), false)
        .map(job -> job.get("state").asText())
        .toList();
  }

  /**
   * Polls {@code flowc status} until {@code condition} holds, for 60 s at most; a store or run that
   * does not exist yet is polled again.
   */
  private JsonNode awaitStatus(String run, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      FlowcProcessAccess.Outcome status = flowc.run("status", run, "--format", "json");
      last = status.err() + status.out();
      if (status.exitCode() == 0 && condition.test(RuntimePipelines.json(status.out()))) {
        return RuntimePipelines.json(status.out());
      }
    }
    throw new AssertionError("status never matched; last: " + last);
  }

  @Test
  void a_worker_in_another_process_drains_a_submitted_run_from_the_configured_store()
      throws Exception {
    Files.writeString(dir.resolve("etl.flow"), RuntimePipelines.COMPLETES, UTF_8);

    FlowcProcessAccess.Outcome submit = flowc.run("submit", "etl.flow");
    FlowcProcessAccess.Outcome worker = flowc.run("worker", "--drain");

    assertThat(submit.exitCode()).as(submit.err()).isZero();
    assertThat(submit.out())
        .startsWith("submitted run 1 (etl, 2 jobs)\ninspect it: flowc status 1\n");
    assertThat(worker.exitCode()).as(worker.err()).isZero();
    assertThat(worker.err())
        .contains("serving every queue with 2 threads, store state/jobs.db")
        .endsWith("flowc: drained; 2 jobs processed\n");
    assertThat(dir.resolve("state/jobs.db")).isRegularFile();
    JsonNode status = status("1");
    assertThat(status.at("/run/status").asText()).isEqualTo("complete");
    assertThat(states(status)).containsOnly("complete");
  }

  @Test
  void sigterm_stops_a_worker_gracefully_leaving_no_job_running() throws Exception {
    Files.writeString(dir.resolve("sleepy.flow"), RuntimePipelines.sleeps(4, 60_000), UTF_8);
    assertThat(flowc.run("submit", "sleepy.flow").exitCode()).isZero();
    FlowcProcessAccess.Started worker = flowc.start("worker");
    try {
      awaitStatus("1", s -> states(s).contains("running"));

      worker.process().destroy();
      int exit = worker.awaitExit();

      assertThat(exit).as("exit 0, as service managers expect: " + worker.err()).isZero();
      assertThat(worker.err()).contains("stopped; nothing is left running");
      assertThat(states(status("1"))).doesNotContain("running").contains("pending");
    } finally {
      worker.process().destroyForcibly();
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "SIG{0} during run exits {1}")
  @org.junit.jupiter.params.provider.CsvSource({"INT, 130", "TERM, 143"})
  void a_signal_during_run_stops_it_gracefully_and_leaves_the_run_resumable(
      String signal, int expectedExit) throws Exception {
    Files.writeString(
        dir.resolve("sleepy.flow"),
        """
        pipeline sleepy {
          stage long { handler builtin.sleep input { ms: 60000 } }
          stage after_long after long { handler builtin.noop }
        }
        """,
        UTF_8);
    FlowcProcessAccess.Started run = flowc.start("run", "sleepy.flow");
    try {
      awaitStatus("1", s -> states(s).contains("running"));

      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(run.process().pid())).start();
      assertThat(kill.waitFor()).isZero();
      int exit = run.awaitExit();

      assertThat(exit).as(run.err()).isEqualTo(expectedExit);
      assertThat(run.err())
          .contains("flowc: stopping: running jobs get 10 s to finish")
          .contains("resume it with 'flowc resume 1'");
      assertThat(run.out()).isEmpty();
      assertThat(states(status("1"))).containsExactly("pending", "blocked");
    } finally {
      run.process().destroyForcibly();
    }
  }

  @Test
  void no_process_prints_a_stack_trace_for_a_missing_store_or_an_unknown_run() throws Exception {
    FlowcProcessAccess.Outcome missing = flowc.run("status", "1");
    Files.writeString(dir.resolve("etl.flow"), RuntimePipelines.COMPLETES, UTF_8);
    flowc.run("submit", "etl.flow");
    FlowcProcessAccess.Outcome unknown = flowc.run("job", "99");

    List<String> errs = new ArrayList<>(List.of(missing.err(), unknown.err()));
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(errs).allSatisfy(err -> assertThat(err).doesNotContain("\tat ").hasLineCount(1));
  }
}
