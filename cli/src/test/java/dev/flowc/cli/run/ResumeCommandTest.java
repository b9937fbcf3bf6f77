package dev.flowc.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.RuntimePipelines;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeCommandTest {
  @TempDir Path dir;

  private String store() {
    return dir.resolve("flowc.db").toString();
  }

  @Test
  void resume_replays_the_job_that_died_and_the_run_completes() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.FAILS_ONCE);
    FlowcRun failed = FlowcRun.of("run", file, "--store", store());

    FlowcRun resumed = FlowcRun.of("resume", "1", "--store", store());

    assertThat(failed.exitCode()).as(failed.err()).isEqualTo(1);
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.err())
        .startsWith("flowc: run 1 of etl: replayed 1 dead job\n")
        .containsPattern("extract  running    attempt 2")
        .containsPattern("load     complete   attempt 1");
    assertThat(resumed.out()).startsWith("run 1 (etl): complete, 2 complete; ");
    JsonNode status =
        RuntimePipelines.json(
            FlowcRun.of("status", "1", "--store", store(), "--format", "json").out());
    assertThat(status.at("/jobs/0/attempts").asInt()).isEqualTo(2);
    assertThat(status.at("/jobs/1/state").asText()).isEqualTo("complete");
  }

  @Test
  void resume_from_another_directory_loads_the_handlers_of_the_run_s_flowc_yaml() {
    Path project = dir.resolve("project");
    FlowcRun.write(
        project, "flowc.yaml", "modules: [" + TestHandlersModule.class.getName() + "]\n");
    String file =
        FlowcRun.write(
            project,
            "etl.flow",
            RuntimePipelines.FAILS_ONCE.replace("builtin.fail", "test.fails_once"));
    FlowcRun failed = FlowcRun.of("run", file, "--store", store());

    // The working directory (the module's) has no flowc.yaml: the run's directory has it.
    FlowcRun resumed = FlowcRun.of("resume", "1", "--store", store());

    assertThat(failed.exitCode()).as(failed.err()).isEqualTo(1);
    assertThat(resumed.exitCode()).as(failed.err() + resumed.err()).isZero();
  }

  @Test
  void resume_of_a_complete_run_does_nothing_and_exits_0() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);
    FlowcRun.of("run", file, "--store", store());

    FlowcRun resumed = FlowcRun.of("resume", "1", "--store", store());

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.err()).isEqualTo("flowc: run 1 of etl: no dead job to replay\n");
    assertThat(resumed.out()).startsWith("run 1 (etl): complete");
  }

  @Test
  void resume_of_a_run_that_dies_again_exits_1() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.FAILS);
    FlowcRun.of("run", file, "--store", store());

    FlowcRun resumed = FlowcRun.of("resume", "1", "--store", store(), "--format", "json");

    assertThat(resumed.exitCode()).isEqualTo(1);
    assertThat(RuntimePipelines.json(resumed.out()).at("/run/status").asText()).isEqualTo("failed");
  }

  @Test
  void an_unknown_run_is_exit_2_in_one_line() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);
    FlowcRun.of("run", file, "--store", store());

    FlowcRun resumed = FlowcRun.of("resume", "42", "--store", store());

    assertThat(resumed.exitCode()).isEqualTo(2);
    assertThat(resumed.err()).isEqualTo("flowc: no run 42 in store '" + store() + "'\n");
  }

  @Test
  void a_store_that_does_not_exist_is_exit_2_and_is_not_created() {
    FlowcRun resumed = FlowcRun.of("resume", "1", "--store", store());

    assertThat(resumed.exitCode()).isEqualTo(2);
    assertThat(resumed.err()).startsWith("flowc: no store at '" + store() + "'");
    assertThat(dir.resolve("flowc.db")).doesNotExist();
  }
}
