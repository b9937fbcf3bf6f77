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

  /** {@code flaky} fails its first {@code failures} attempts: a param is the cause. */
  private static final String FAILS_ON_A_PARAM =
      """
      pipeline etl {
        params {
          failures: int    = 0
          table:    string = "events"
          window:   duration = 90s
        }
        stage extract { handler builtin.echo input { rows: 3 } }
        stage flaky after extract {
          handler builtin.fail
          retries 0
          input { message: "schema mismatch", times: params.failures }
        }
        stage load after flaky {
          handler builtin.echo
          input { table: params.table, window: params.window, rows: extract.result.rows }
        }
      }
      """;

  private FlowcRun failOnAParam() {
    String file = FlowcRun.write(dir, "etl.flow", FAILS_ON_A_PARAM);
    FlowcRun failed =
        FlowcRun.of(
            "run", file, "--store", store(), "--param", "failures=5", "--param", "table=audit");
    assertThat(failed.exitCode()).as(failed.err()).isEqualTo(1);
    return failed;
  }

  @Test
  void a_run_that_failed_on_a_param_is_advised_to_resume_with_a_new_value() {
    FlowcRun failed = failOnAParam();

    assertThat(failed.out())
        .contains(
            "if the cause is a param: 'flowc resume 1 --store %s --param NAME=VALUE' gives the"
                    .formatted(store())
                + " jobs that did not complete its new value\n");
  }

  @Test
  void resume_with_a_param_reruns_the_unfinished_jobs_with_it_and_keeps_the_completed_ones() {
    failOnAParam();
    FlowcRun same = FlowcRun.of("resume", "1", "--store", store());

    FlowcRun resumed = FlowcRun.of("resume", "1", "--store", store(), "--param", "failures=0");

    assertThat(same.exitCode()).as("the old value fails again").isEqualTo(1);
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.err())
        .startsWith(
            "flowc: run 1 of etl: failures=0 for the 2 jobs that had not completed; replayed 1"
                + " dead job\n");
    JsonNode status =
        RuntimePipelines.json(
            FlowcRun.of("status", "1", "--store", store(), "--format", "json").out());
    assertThat(status.at("/run/status").asText()).isEqualTo("complete");
    assertThat(status.at("/run/params"))
        .isEqualTo(
            RuntimePipelines.json("{\"failures\": 0, \"table\": \"audit\", \"window\": 90000}"));
    assertThat(status.at("/jobs/0/attempts").asInt()).as("extract kept its result").isEqualTo(1);
    assertThat(status.at("/jobs/1/attempts").asInt()).isEqualTo(3);
    JsonNode load =
        RuntimePipelines.json(
            FlowcRun.of("job", "3", "--store", store(), "--format", "json").out());
    assertThat(load.get("result"))
        .as("the other params keep the run's values")
        .isEqualTo(RuntimePipelines.json("{\"table\": \"audit\", \"window\": 90000, \"rows\": 3}"));
  }

  @Test
  void resume_with_a_param_refuses_a_pipeline_whose_stages_changed_and_changes_nothing() {
    failOnAParam();
    FlowcRun.write(
        dir,
        "etl.flow",
        FAILS_ON_A_PARAM.replace("stage load after flaky", "stage load after extract"));

    FlowcRun resumed = FlowcRun.of("resume", "1", "--store", store(), "--param", "failures=0");

    assertThat(resumed.exitCode()).isEqualTo(2);
    assertThat(resumed.err())
        .isEqualTo(
            "flowc: cannot give run 1 new params: the pipeline changed since the run (stage"
                + " 'load' depends on 'extract' now, and in the run on 'extract', 'flaky'); run it again"
                + " with 'flowc run'\n");
    JsonNode status =
        RuntimePipelines.json(
            FlowcRun.of("status", "1", "--store", store(), "--format", "json").out());
    assertThat(status.at("/run/params/failures").asInt()).isEqualTo(5);
    assertThat(status.at("/jobs/1/state").asText()).isEqualTo("dead");
  }

  @Test
  void resume_with_a_param_of_a_complete_run_is_refused() {
    String file = FlowcRun.write(dir, "etl.flow", FAILS_ON_A_PARAM);
    FlowcRun.of("run", file, "--store", store());

    FlowcRun resumed = FlowcRun.of("resume", "1", "--store", store(), "--param", "failures=1");

    assertThat(resumed.exitCode()).isEqualTo(2);
    assertThat(resumed.err())
        .isEqualTo(
            "flowc: run 1 is complete: no job is left to take new params (run the pipeline"
                + " again)\n");
  }

  @Test
  void resume_with_an_unknown_param_is_a_diagnostic_and_exit_1() {
    failOnAParam();

    FlowcRun resumed = FlowcRun.of("resume", "1", "--store", store(), "--param", "failure=0");

    assertThat(resumed.exitCode()).isEqualTo(1);
    assertThat(resumed.err()).contains("error[FLOW203]: unknown param 'failure'");
  }
}
