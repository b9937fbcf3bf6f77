package dev.flowc.cli.run;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.RuntimePipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  @TempDir Path dir;

  private String store() {
    return dir.resolve("store/flowc.db").toString();
  }

  @Test
  void an_input_that_does_not_fit_its_handler_is_reported_and_nothing_is_submitted() {
    String file =
        FlowcRun.write(
            dir,
            "nap.flow",
            """
            pipeline nap {
              stage nap { handler builtin.sleep input { ms: "soon" } }
            }
            """);
    Path store = dir.resolve("flowc.db");

    FlowcRun run = FlowcRun.of("run", file, "--store", store.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("error[FLOW504]");
    assertThat(store).doesNotExist();
  }

  @Test
  void a_complete_run_exits_0_with_one_line_per_change_and_a_summary() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);

    FlowcRun run = FlowcRun.of("run", file, "--store", store());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .startsWith("flowc: run 1 of etl: 2 jobs, 4 workers, store ")
        .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d extract  running    attempt 1$")
        .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d extract  complete   attempt 1  in \\d+ms$")
        .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d load     complete   attempt 1  in \\d+ms$")
        .doesNotContain("\u001b[");
    assertThat(run.out())
        .startsWith("run 1 (etl): complete, 2 complete; started ")
        .contains("ID  STAGE    STATE     QUEUE    ATTEMPTS  PROGRESS  DURATION  LAST ERROR\n")
        .containsPattern("(?m)^1   extract  complete  default  1         100%")
        .contains("inspect: flowc status 1 --store " + store() + ", flowc job 2 --store ");
  }

  @Test
  void run_with_a_key_already_used_works_on_the_first_run_and_submits_nothing() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);
    FlowcRun.of("submit", file, "--store", store(), "--key", "k");

    FlowcRun run = FlowcRun.of("run", file, "--store", store(), "--key", "k");
    FlowcRun again = FlowcRun.of("run", file, "--store", store(), "--key", "k");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).startsWith("flowc: existing run 1 of etl: 2 jobs, 4 workers, store ");
    assertThat(run.out()).startsWith("run 1 (etl): complete, 2 complete; started ");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).startsWith("run 1 (etl): complete, 2 complete; started ");
    assertThat(FlowcRun.of("runs", "--store", store()).out()).doesNotContainPattern("(?m)^2 ");
  }

  @Test
  void a_failed_run_exits_1_and_says_how_to_resume() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.FAILS);

    FlowcRun run = FlowcRun.of("run", file, "--store", store());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err())
        .containsPattern("extract  dead       attempt 1  IntentionalFailure: no route to host")
        .containsPattern("load     cancelled  +because extract did not complete");
    assertThat(run.out())
        .startsWith("run 1 (etl): failed, 1 complete, 1 dead, 1 cancelled; ")
        .containsPattern("extract  dead       default  1 .* IntentionalFailure: no route to host")
        .contains("flowc job 1 --store")
        .contains("'flowc resume 1 --store " + store() + "' replays the dead jobs");
  }

  @Test
  void json_prints_the_run_and_its_jobs_with_the_keys_of_status() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);

    FlowcRun run = FlowcRun.of("run", file, "--store", store(), "--format", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode document = RuntimePipelines.json(run.out());
    assertThat(document.at("/run/id").isTextual()).isTrue();
    assertThat(document.at("/run/id").asText()).isEqualTo("1");
    assertThat(document.at("/run/status").asText()).isEqualTo("complete");
    assertThat(document.at("/run/base_directory").asText()).isEqualTo(dir.toString());
    assertThat(document.at("/jobs/1/stage").asText()).isEqualTo("load");
    assertThat(document.at("/jobs/1/state").asText()).isEqualTo("complete");
    assertThat(document.at("/jobs/1/finished_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
  }

  @Test
  void a_missing_file_is_exit_2_in_one_line() {
    FlowcRun run = FlowcRun.of("run", dir.resolve("nope.flow").toString(), "--store", store());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).endsWith("nope.flow': no such file or directory\n");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void a_pipeline_with_errors_is_exit_1_and_nothing_is_submitted() {
    String file =
        FlowcRun.write(
            dir, "bad.flow", "pipeline p { stage a after nope { handler builtin.noop } }");

    FlowcRun run = FlowcRun.of("run", file, "--store", store());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("error[FLOW201]: unknown stage 'nope'");
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void an_unknown_handler_is_exit_2_before_anything_is_submitted() {
    String file = FlowcRun.write(dir, "p.flow", "pipeline p { stage a { handler etl.missing } }");

    FlowcRun run = FlowcRun.of("run", file, "--store", store());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("flowc: stage 'a': no handler is bound under 'etl.missing'")
        .contains("-cp");
    assertThat(run.err().lines()).hasSize(1);
  }

  /** A handler named by its class whose construction fails in user code. */
  public static final class Unconfigured implements dev.flowc.runtime.Handler<JsonNode, Void> {
    public Unconfigured() {
      throw new IllegalStateException("API_TOKEN is not set");
    }

    @Override
    public Void handle(JsonNode input, dev.flowc.runtime.JobContext context) {
      return null;
    }
  }

  @Test
  void a_handler_that_cannot_be_created_is_exit_2_before_anything_is_submitted() {
    String file =
        FlowcRun.write(
            dir,
            "p.flow",
            "pipeline p { stage a { handler \"" + Unconfigured.class.getName() + "\" } }");

    FlowcRun run = FlowcRun.of("run", file, "--store", store());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "flowc: stage 'a': Guice cannot create handler class '"
                + Unconfigured.class.getName()
                + "': IllegalStateException: API_TOKEN is not set");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void the_store_flowc_yaml_names_is_relative_to_it_and_store_overrides_it() throws IOException {
    String file = FlowcRun.write(dir, "etl/etl.flow", RuntimePipelines.COMPLETES);
    FlowcRun.write(dir, "etl/flowc.yaml", "store: state/jobs.db\nworkers: 2\n");

    FlowcRun fromConfig = FlowcRun.of("run", file);
    FlowcRun overridden = FlowcRun.of("run", file, "--store", store(), "--workers", "1");

    assertThat(fromConfig.exitCode()).as(fromConfig.err()).isZero();
    assertThat(fromConfig.err())
        .contains("2 jobs, 2 workers, store " + dir.resolve("etl/state/jobs.db"));
    assertThat(dir.resolve("etl/state/jobs.db")).isRegularFile();
    assertThat(overridden.exitCode()).as(overridden.err()).isZero();
    assertThat(overridden.err()).contains("run 1 of etl: 2 jobs, 1 worker, store " + store());
  }

  @Test
  void params_come_from_flowc_yaml_and_param_options_override_them() throws IOException {
    String file = FlowcRun.write(dir, "p.flow", RuntimePipelines.ECHOES_A_PARAM);
    FlowcRun.write(dir, "flowc.yaml", "params:\n  table: from_config\n");

    FlowcRun configured = FlowcRun.of("run", file, "--store", store(), "-f", "json");
    FlowcRun overridden =
        FlowcRun.of("run", file, "--store", store(), "-f", "json", "--param", "table=from_cli");

    assertThat(configured.exitCode()).as(configured.err()).isZero();
    assertThat(RuntimePipelines.json(configured.out()).at("/run/params/table").asText())
        .isEqualTo("from_config");
    assertThat(RuntimePipelines.json(overridden.out()).at("/run/params/table").asText())
        .isEqualTo("from_cli");
  }

  @Test
  void a_bad_flowc_yaml_is_exit_2_with_its_line() throws IOException {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);
    FlowcRun.write(dir, "flowc.yaml", "store: x.db\nwrokers: 2\n");

    FlowcRun run = FlowcRun.of("run", file, "--store", store());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .endsWith("flowc.yaml:2:1: unknown key 'wrokers' (did you mean 'workers'?)\n")
        .startsWith("flowc: ");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void a_store_file_that_is_not_a_database_is_exit_3_in_one_line() throws IOException {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);
    Path junk = dir.resolve("junk.db");
    byte[] bytes = new byte[8192];
    new java.util.Random(7).nextBytes(bytes);
    Files.write(junk, bytes);

    FlowcRun run = FlowcRun.of("run", file, "--store", junk.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err()).startsWith("flowc: ").contains("junk.db").doesNotContain("\tat ");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void a_postgresql_store_that_refuses_the_connection_is_exit_3_with_one_line() throws Exception {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }

    FlowcRun run =
        FlowcRun.of(
            "run",
            file,
            "--store",
            "jdbc:postgresql://127.0.0.1:%d/flowc?user=etl".formatted(port));

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err())
        .isEqualTo(
            "flowc: cannot open store 'jdbc:postgresql://127.0.0.1:%d/flowc?user=etl': cannot"
                    .formatted(port)
                + " connect to 127.0.0.1:%d/flowc: connection refused (is PostgreSQL running and"
                    .formatted(port)
                + " listening there?)\n");
  }

  @Test
  void a_run_on_a_postgresql_store_is_summarized_and_inspected_as_on_a_file() throws Exception {
    try (dev.flowc.runtime.store.postgres.PostgresTestServer.Database database =
        dev.flowc.runtime.store.postgres.PostgresTestServer.get().createDatabase()) {
      String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);
      String store = database.url();

      FlowcRun run = FlowcRun.of("run", file, "--store", store);
      FlowcRun status = FlowcRun.of("status", "1", "--store", store);

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).startsWith("run 1 (etl): complete, 2 complete");
      assertThat(run.err()).startsWith("flowc: run 1 of etl: 2 jobs, 4 workers, store " + store);
      assertThat(status.out()).startsWith("run 1 (etl): complete, 2 complete");
    }
  }

  @Test
  void zero_workers_is_a_usage_error() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);

    FlowcRun run = FlowcRun.of("run", file, "--store", store(), "--workers", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("flowc: --workers must be at least 1, not 0");
  }

  @Test
  void a_negative_prefetch_is_a_usage_error() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);

    FlowcRun run = FlowcRun.of("run", file, "--store", store(), "--prefetch", "-1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("flowc: --prefetch must not be negative, not -1");
  }

  @Test
  void a_missing_classpath_entry_is_exit_2() {
    String file = FlowcRun.write(dir, "etl.flow", RuntimePipelines.COMPLETES);

    FlowcRun run =
        FlowcRun.of("run", file, "--store", store(), "-cp", dir.resolve("nothing").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("flowc: cannot load handlers: ").contains("nothing");
    assertThat(new String(run.err().getBytes(UTF_8), UTF_8).lines()).hasSize(1);
  }
}
