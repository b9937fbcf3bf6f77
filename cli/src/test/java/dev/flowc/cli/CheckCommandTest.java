package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void a_valid_pipeline_exits_0_with_a_summary_and_nothing_on_stderr() {
    String file = FlowcRun.write(dir, "etl.flow", Pipelines.VALID);

    FlowcRun run = FlowcRun.of("check", file);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("0 errors, 0 warnings in 1 file\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void errors_exit_1_and_are_all_reported_in_source_order_with_the_summary() {
    String file = FlowcRun.write(dir, "broken.flow", Pipelines.TWO_ERRORS_ONE_WARNING);

    FlowcRun run = FlowcRun.of("check", file);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .containsSubsequence(
            file + ":2:9: warning[FLOW402]: queue 'spare' is declared but no stage uses it",
            file + ":4:20: error[FLOW201]: unknown stage 'normalise_a'",
            "  = help: did you mean 'normalize_a'?",
            file + ":5:9: error[FLOW101]: duplicate stage 'load'",
            "  = note: first declared here (" + file + ":4:9)")
        .endsWith("\n2 errors, 1 warning in 1 file\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void warnings_alone_exit_0_but_1_with_strict() {
    String file = FlowcRun.write(dir, "warnings.flow", Pipelines.WARNINGS_ONLY);

    FlowcRun lenient = FlowcRun.of("check", file);
    FlowcRun strict = FlowcRun.of("check", "--strict", file);

    assertThat(lenient.exitCode()).isZero();
    assertThat(lenient.out()).endsWith("0 errors, 2 warnings in 1 file\n");
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.out()).isEqualTo(lenient.out());
  }

  @Test
  void strict_applies_to_every_output_format() {
    String file = FlowcRun.write(dir, "warnings.flow", Pipelines.WARNINGS_ONLY);

    for (String format : new String[] {"text", "json", "sarif", "github"}) {
      assertThat(FlowcRun.of("check", "--format", format, file).exitCode()).as(format).isZero();
      assertThat(FlowcRun.of("check", "--strict", "--format", format, file).exitCode())
          .as(format)
          .isEqualTo(1);
    }
  }

  @Test
  void several_files_are_all_reported_and_the_summary_counts_them_all() {
    String broken = FlowcRun.write(dir, "broken.flow", Pipelines.TWO_ERRORS_ONE_WARNING);
    String warnings = FlowcRun.write(dir, "warnings.flow", Pipelines.WARNINGS_ONLY);
    String valid = FlowcRun.write(dir, "valid.flow", Pipelines.VALID);

    FlowcRun run = FlowcRun.of("check", broken, warnings, valid);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .containsSubsequence(broken + ":2:9:", broken + ":5:9:", warnings + ":3:5:", warnings)
        .endsWith("\n2 errors, 3 warnings in 3 files\n");
  }

  @Test
  void a_missing_file_is_one_line_on_stderr_the_others_are_still_checked_and_exit_is_2() {
    String broken = FlowcRun.write(dir, "broken.flow", Pipelines.TWO_ERRORS_ONE_WARNING);
    String missing = dir.resolve("missing.flow").toString();

    FlowcRun run = FlowcRun.of("check", missing, broken);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("flowc: cannot read '" + missing + "': no such file or directory\n");
    assertThat(run.out())
        .contains(broken + ":4:20: error[FLOW201]")
        .endsWith("2 errors, 1 warning in 1 file\n");
  }

  @Test
  void an_empty_directory_is_one_line_and_exit_2() {
    FlowcRun run = FlowcRun.of("check", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("flowc: no .flow file in directory '" + dir + "'\n");
  }

  @Test
  void a_missing_file_still_gives_a_json_document_on_stdout() throws Exception {
    String valid = FlowcRun.write(dir, "valid.flow", Pipelines.VALID);

    FlowcRun run = FlowcRun.of("check", "--format", "json", valid, dir.resolve("x").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("files").asInt()).isEqualTo(1);
  }

  @Test
  void a_path_is_shown_as_it_was_written() {
    FlowcRun run = FlowcRun.of("check", "src/test/resources/pipelines/unknown-queue.flow");

    assertThat(run.out())
        .startsWith("src/test/resources/pipelines/unknown-queue.flow:4:11: error[FLOW202]");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void a_backslash_in_a_file_name_is_kept_where_it_is_not_a_separator() {
    String file = FlowcRun.write(dir, "a\\b.flow", "pipeline p { stage a { queue q } }");

    FlowcRun run = FlowcRun.of("check", file);

    assertThat(run.out()).startsWith(file + ":1:").contains("a\\b.flow:1:");
  }

  @Test
  void each_format_is_selected_by_format_and_its_short_option() {
    String file = FlowcRun.write(dir, "broken.flow", Pipelines.TWO_ERRORS_ONE_WARNING);

    assertThat(FlowcRun.of("check", "-f", "json", file).out()).startsWith("{\n  \"files\": 1,");
    assertThat(FlowcRun.of("check", "--format=sarif", file).out())
        .contains("\"version\": \"2.1.0\"");
    assertThat(FlowcRun.of("check", "--format", "github", file).out()).startsWith("::warning ");
    assertThat(FlowcRun.of("check", "--format", "GitHub", file).out()).startsWith("::warning ");
  }

  @Test
  void without_a_terminal_the_text_has_no_ansi_codes() {
    String file = FlowcRun.write(dir, "broken.flow", Pipelines.TWO_ERRORS_ONE_WARNING);

    assertThat(FlowcRun.of("check", file).out()).doesNotContain("\u001b[");
    assertThat(FlowcRun.of("check", "--color", "never", file).out()).doesNotContain("\u001b[");
  }

  @Test
  void color_always_paints_the_text_with_ansi_codes() {
    String file = FlowcRun.write(dir, "broken.flow", Pipelines.TWO_ERRORS_ONE_WARNING);

    FlowcRun run = FlowcRun.of("check", "--color", "always", file);

    assertThat(run.out())
        .contains("\u001b[1;31merror[FLOW201]\u001b[0m")
        .contains("\u001b[1;33mwarning[FLOW402]\u001b[0m");
  }

  @Test
  void color_is_also_accepted_before_the_command() {
    String file = FlowcRun.write(dir, "broken.flow", Pipelines.TWO_ERRORS_ONE_WARNING);

    FlowcRun before = FlowcRun.of("--color", "always", "check", file);
    FlowcRun after = FlowcRun.of("check", "--color=always", file);

    assertThat(before.exitCode()).isEqualTo(1);
    assertThat(before.err()).isEmpty();
    assertThat(before.out()).contains("\u001b[1;31merror[FLOW201]").isEqualTo(after.out());
    assertThat(FlowcRun.of("--color", "never", "check", file).out()).doesNotContain("\u001b[");
  }

  @Test
  void color_does_not_touch_machine_formats() {
    String file = FlowcRun.write(dir, "broken.flow", Pipelines.TWO_ERRORS_ONE_WARNING);

    for (String format : new String[] {"json", "sarif", "github"}) {
      assertThat(FlowcRun.of("check", "--color", "always", "--format", format, file).out())
          .as(format)
          .doesNotContain("\u001b[");
    }
  }

  @Test
  void a_file_that_is_not_utf8_is_a_diagnostic_not_a_crash() throws IOException {
    Path file = dir.resolve("latin1.flow");
    Files.write(file, "pipeline p { description \"caf\u00e9\" }".getBytes(ISO_8859_1));

    FlowcRun run = FlowcRun.of("check", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("error[FLOW002]: file is not valid UTF-8");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void an_empty_file_is_a_syntax_error() {
    String file = FlowcRun.write(dir, "empty.flow", "");

    FlowcRun run = FlowcRun.of("check", file);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).startsWith(file + ":1:1: error[FLOW001]");
  }

  @Test
  void without_a_file_it_is_a_usage_error() {
    FlowcRun run = FlowcRun.of("check");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("flowc: missing required parameter: 'PATH' (see 'flowc check --help')\n");
  }

  @Test
  void a_directory_checks_every_flow_file_below_it_in_one_run() throws IOException {
    Files.createDirectories(dir.resolve("pipelines/daily"));
    FlowcRun.write(dir, "pipelines/etl.flow", Pipelines.VALID);
    String broken =
        FlowcRun.write(dir, "pipelines/daily/broken.flow", Pipelines.TWO_ERRORS_ONE_WARNING);

    FlowcRun run = FlowcRun.of("check", dir.resolve("pipelines").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains(broken + ":4:20: error[FLOW201]")
        .endsWith("\n2 errors, 1 warning in 2 files\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void a_quoted_glob_is_expanded_by_flowc() throws IOException {
    Files.createDirectories(dir.resolve("pipelines/daily"));
    FlowcRun.write(dir, "pipelines/etl.flow", Pipelines.VALID);
    FlowcRun.write(dir, "pipelines/daily/report.flow", Pipelines.VALID);

    FlowcRun run = FlowcRun.of("check", dir + "/pipelines/**/*.flow");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("0 errors, 0 warnings in 2 files\n");
  }

  @Test
  void a_directory_without_flow_files_exits_2_after_checking_the_others() throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    String file = FlowcRun.write(dir, "broken.flow", Pipelines.TWO_ERRORS_ONE_WARNING);
    String empty = dir.resolve("empty").toString();

    FlowcRun run = FlowcRun.of("check", empty, file);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("flowc: no .flow file in directory '" + empty + "'\n");
    assertThat(run.out()).endsWith("2 errors, 1 warning in 1 file\n");
  }
}
