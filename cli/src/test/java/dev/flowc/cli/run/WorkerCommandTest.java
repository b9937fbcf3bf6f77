package dev.flowc.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.RuntimePipelines;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCommandTest {
  @TempDir Path dir;

  private String store() {
    return dir.resolve("flowc.db").toString();
  }

  private JsonNode status(String run) {
    return RuntimePipelines.json(
        FlowcRun.of("status", run, "--store", store(), "-f", "json").out());
  }

  @Test
  void drain_runs_what_was_submitted_and_exits_0() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);
    FlowcRun.of("submit", file, "--store", store());
    FlowcRun.of("submit", file, "--store", store());

    FlowcRun worker = FlowcRun.of("worker", "--drain", "--store", store(), "--workers", "2");

    assertThat(worker.exitCode()).as(worker.err()).isZero();
    assertThat(worker.err())
        .containsPattern("^flowc: worker \\S+ serving every queue with 2 threads, store ")
        .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d run 2 job 4 load  complete  attempt 1$")
        .endsWith("flowc: drained; 4 jobs processed\n");
    assertThat(status("1").at("/run/status").asText()).isEqualTo("complete");
    assertThat(status("2").at("/run/status").asText()).isEqualTo("complete");
  }

  @Test
  void drain_with_prefetch_0_runs_everything_too() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);
    FlowcRun.of("submit", file, "--store", store());

    FlowcRun worker =
        FlowcRun.of("worker", "--drain", "--store", store(), "--workers", "1", "--prefetch", "0");

    assertThat(worker.exitCode()).as(worker.err()).isZero();
    assertThat(worker.err()).endsWith("flowc: drained; 2 jobs processed\n");
    assertThat(status("1").at("/run/status").asText()).isEqualTo("complete");
  }

  @Test
  void queues_limits_the_worker_to_those_queues() {
    String file = FlowcRun.write(dir, "q.flow", RuntimePipelines.TWO_QUEUES);
    FlowcRun.of("submit", file, "--store", store());

    FlowcRun worker = FlowcRun.of("worker", "--queues", "fast", "--drain", "--store", store());

    assertThat(worker.exitCode()).as(worker.err()).isZero();
    assertThat(worker.err()).contains("serving queues fast with 4 threads");
    JsonNode status = status("1");
    assertThat(status.at("/jobs/0/state").asText()).isEqualTo("complete");
    assertThat(status.at("/jobs/1/state").asText()).isEqualTo("pending");
  }

  @Test
  void drain_with_nothing_to_do_exits_at_once() {
    FlowcRun worker = FlowcRun.of("worker", "--drain", "--store", store());

    assertThat(worker.exitCode()).as(worker.err()).isZero();
    assertThat(worker.err()).endsWith("flowc: drained; 0 jobs processed\n");
  }
}
