package dev.flowc.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.RuntimePipelines;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmitCommandTest {
  @TempDir Path dir;

  private String store() {
    return dir.resolve("flowc.db").toString();
  }

  @Test
  void submit_prints_the_run_id_and_the_commands_to_follow_it() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);

    FlowcRun submit = FlowcRun.of("submit", file, "--store", store());

    assertThat(submit.exitCode()).as(submit.err()).isZero();
    assertThat(submit.err()).isEmpty();
    assertThat(submit.out())
        .isEqualTo(
            """
            submitted run 1 (etl, 2 jobs)
            inspect it: flowc status 1 --store %s
            work on it: flowc worker --drain --store %s   (or: flowc resume 1 --store %s)
            """
                .formatted(store(), store(), store()));
  }

  @Test
  void the_submitted_run_waits_for_a_worker() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);

    FlowcRun.of("submit", file, "--store", store());
    JsonNode status =
        RuntimePipelines.json(FlowcRun.of("status", "1", "--store", store(), "-f", "json").out());

    assertThat(status.at("/run/status").asText()).isEqualTo("running");
    assertThat(status.at("/jobs/0/state").asText()).isEqualTo("pending");
    assertThat(status.at("/jobs/1/state").asText()).isEqualTo("blocked");
  }

  @Test
  void json_has_the_run_and_the_commands() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);

    FlowcRun submit = FlowcRun.of("submit", file, "--store", store(), "--format", "json");

    JsonNode document = RuntimePipelines.json(submit.out());
    assertThat(document.at("/run/id").asText()).isEqualTo("1");
    assertThat(document.at("/run/status").asText()).isEqualTo("running");
    assertThat(document.at("/status_command").asText())
        .isEqualTo("flowc status 1 --store " + store());
  }

  @Test
  void a_second_submit_is_a_second_run() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);

    FlowcRun.of("submit", file, "--store", store());
    FlowcRun second = FlowcRun.of("submit", file, "--store", store());

    assertThat(second.out()).startsWith("submitted run 2 (etl, 2 jobs)\n");
  }

  @Test
  void a_second_submit_with_the_same_key_submits_nothing_and_prints_the_first_run() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);

    FlowcRun first = FlowcRun.of("submit", file, "--store", store(), "--key", "nightly-1");
    FlowcRun second = FlowcRun.of("submit", file, "--store", store(), "--key", "nightly-1");
    FlowcRun other = FlowcRun.of("submit", file, "--store", store(), "--key", "nightly-2");
    FlowcRun json =
        FlowcRun.of("submit", file, "--store", store(), "--key", "nightly-1", "-f", "json");

    assertThat(first.out()).startsWith("submitted run 1 (etl, 2 jobs)\n");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out())
        .startsWith(
            "run 1 (etl, running) was submitted with key 'nightly-1' before: nothing submitted\n");
    assertThat(other.out()).startsWith("submitted run 2 (etl, 2 jobs)\n");
    JsonNode document = RuntimePipelines.json(json.out());
    assertThat(document.at("/existing").asBoolean()).isTrue();
    assertThat(document.at("/run/id").asText()).isEqualTo("1");
    assertThat(document.at("/run/key").asText()).isEqualTo("nightly-1");
    assertThat(document.at("/run/scheduled_at").isNull()).isTrue();
    JsonNode runs =
        RuntimePipelines.json(FlowcRun.of("runs", "--store", store(), "-f", "json").out());
    assertThat(runs.at("/runs").size()).isEqualTo(2);
    JsonNode job =
        RuntimePipelines.json(FlowcRun.of("job", "1", "--store", store(), "-f", "json").out());
    assertThat(job.at("/run_key").asText()).isEqualTo("nightly-1");
    assertThat(job.at("/run_scheduled_at").isNull()).isTrue();
  }
}
