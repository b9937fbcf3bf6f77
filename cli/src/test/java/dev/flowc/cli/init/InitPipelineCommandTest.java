package dev.flowc.cli.init;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.cli.FlowcRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flowc init pipeline NAME}; files are written relative to the test's working directory. */
class InitPipelineCommandTest {
  @TempDir Path dir;

  @Test
  void writes_a_commented_starter_that_checks_with_no_error_and_no_warning() throws IOException {
    Path file = dir.resolve("nightly.flow");

    FlowcRun run = FlowcRun.of("init", "pipeline", dir.resolve("nightly").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "created %s (pipeline nightly); check it: flowc check %s\n".formatted(file, file));
    String text = Files.readString(file);
    assertThat(text).contains("pipeline nightly {").contains("# ");
    FlowcRun check = FlowcRun.of("check", "--no-handlers", file.toString());
    assertThat(check.exitCode()).as(check.out()).isZero();
    assertThat(check.out()).isEqualTo("0 errors, 0 warnings in 1 file\n");
  }

  @Test
  void a_name_with_flow_and_directories_is_taken_as_the_file() throws IOException {
    FlowcRun run =
        FlowcRun.of("init", "pipeline", dir.resolve("pipelines/daily_load.flow").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(dir.resolve("pipelines/daily_load.flow")))
        .contains("pipeline daily_load {");
  }

  @Test
  void an_existing_file_is_left_as_it_is_exit_2() throws IOException {
    Path file = Files.writeString(dir.resolve("etl.flow"), "mine", UTF_8);

    FlowcRun run = FlowcRun.of("init", "pipeline", dir.resolve("etl").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "flowc: '%s' exists already: init leaves it as it is (remove it, or choose another"
                    .formatted(file)
                + " name)\n");
    assertThat(Files.readString(file)).isEqualTo("mine");
  }

  @Test
  void a_name_that_is_not_a_pipeline_name_is_refused_with_one_that_would_do() {
    FlowcRun dashed = FlowcRun.of("init", "pipeline", dir.resolve("daily-load").toString());
    FlowcRun keyword = FlowcRun.of("init", "pipeline", dir.resolve("stage").toString());

    assertThat(dashed.exitCode()).isEqualTo(2);
    assertThat(dashed.err())
        .isEqualTo(
            "flowc: invalid pipeline name 'daily-load': a name is letters, digits and '_', not"
                + " starting with a digit (such as daily_load) (see 'flowc init pipeline"
                + " --help')\n");
    assertThat(keyword.exitCode()).isEqualTo(2);
    assertThat(keyword.err())
        .isEqualTo(
            "flowc: invalid pipeline name 'stage': 'stage' is a keyword and cannot name a pipeline"
                + " (see 'flowc init pipeline --help')\n");
    assertThat(dir).isEmptyDirectory();
  }
}
