package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ${env:NAME}} in flowc.yaml and {@code FLOWC_STORE}, through the packaged jar as a process
 * with a real environment: what wins, what an unset variable says, and that a password coming from
 * the environment is in no byte of the output.
 */
class ConfigEnvironmentIT {
  private static final String PASSWORD = "Env-S3cret-4711";

  @TempDir Path dir;

  private FlowcProcess.Result flowc(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    Map<String, String> all = new HashMap<>(environment);
    all.putIfAbsent("FLOWC_STORE", null);
    all.putIfAbsent("PGPASSWORD", null);
    return new FlowcProcess(dir).run(all, List.of(), args);
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text, UTF_8);
  }

  @Test
  void flowc_store_overrides_the_file_for_every_command_and_the_store_option_overrides_both()
      throws Exception {
    write("flowc.yaml", "store: ${env:CI_STORE:-from-file.db}\n");
    write("p.flow", "pipeline p { stage a { handler builtin.echo input { x: 1 } } }\n");
    Map<String, String> environment = Map.of("FLOWC_STORE", "from-env.db");

    FlowcProcess.Result submitted = flowc(environment, "submit", "p.flow");
    assertThat(submitted.exitCode()).as(submitted.err()).isZero();
    assertThat(dir.resolve("from-env.db")).isRegularFile();
    assertThat(dir.resolve("from-file.db")).doesNotExist();

    FlowcProcess.Result runs = flowc(environment, "runs", "--format", "json");
    assertThat(runs.exitCode()).as(runs.err()).isZero();
    assertThat(runs.out()).contains("\"pipeline\": \"p\"");

    FlowcProcess.Result option = flowc(environment, "runs", "--store", "from-option.db");
    assertThat(option.exitCode()).isEqualTo(2);
    assertThat(option.err()).contains("no store at 'from-option.db'");

    FlowcProcess.Result fromFile = flowc(Map.of("CI_STORE", "ci.db"), "runs");
    assertThat(fromFile.exitCode()).isEqualTo(2);
    assertThat(fromFile.err()).contains("no store at 'ci.db'");
  }

  @Test
  void an_unset_variable_is_one_line_naming_the_file_line_column_and_variable_exit_2()
      throws Exception {
    write("flowc.yaml", "workers: 2\nstore: ${env:FLOWC_TEST_UNSET_STORE}\n");
    write("p.flow", "pipeline p { stage a { handler builtin.noop } }\n");

    for (List<String> command : List.of(List.of("run", "p.flow"), List.of("runs"))) {
      FlowcProcess.Result result =
          flowc(Map.of("FLOWC_TEST_UNSET_STORE", ""), command.toArray(String[]::new));
      // An empty variable is set: the store is then empty, which is refused too.
      assertThat(result.exitCode()).as(result.err()).isEqualTo(2);

      result = flowc(new HashMap<>(), command.toArray(String[]::new));
      assertThat(result.hasNoStackTrace().exitCode()).isEqualTo(2);
      assertThat(result.err())
          .isEqualTo(
              "flowc: flowc.yaml:2:8: environment variable 'FLOWC_TEST_UNSET_STORE' is not set"
                  + " (set it, or give a default: ${env:FLOWC_TEST_UNSET_STORE:-VALUE})\n");
    }
  }

  @Test
  void a_password_from_the_environment_is_masked_in_every_output() throws Exception {
    write("flowc.yaml", "store: postgresql://admin:${env:DB_PASSWORD}@127.0.0.1:1/flowc\n");
    write("p.flow", "pipeline p { stage a { handler builtin.noop } }\n");

    // --debug prints the one line and a stack trace: both are checked.
    for (List<String> command :
        List.of(List.of("--debug", "runs"), List.of("--debug", "submit", "p.flow"))) {
      FlowcProcess.Result viaFile =
          flowc(Map.of("DB_PASSWORD", PASSWORD), command.toArray(String[]::new));
      FlowcProcess.Result viaStoreVariable =
          flowc(
              Map.of("FLOWC_STORE", "postgresql://admin:" + PASSWORD + "@127.0.0.1:1/flowc"),
              command.toArray(String[]::new));

      for (FlowcProcess.Result result : List.of(viaFile, viaStoreVariable)) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
        assertThat(result.err()).contains("admin:***@127.0.0.1:1/flowc");
        assertThat(result.out() + result.err()).doesNotContain(PASSWORD);
      }
    }
  }
}
