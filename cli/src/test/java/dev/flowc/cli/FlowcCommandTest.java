package dev.flowc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlowcCommandTest {
  @Test
  void version_prints_flowc_the_version_and_the_commit() {
    FlowcRun run = FlowcRun.of("--version");

    assertThat(run.exitCode()).isZero();
    // The build's commit, or "unknown" when the sources it was built from were not a checkout.
    assertThat(run.out())
        .matches(
            "flowc \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{7,}( with local changes)?|unknown)\\)\n");
    assertThat(run.err()).isEmpty();
    assertThat(FlowcRun.of("-V").out()).isEqualTo(run.out());
  }

  @Test
  void help_lists_the_commands_and_exit_codes() {
    FlowcRun run = FlowcRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("Usage: flowc ")
        .contains("  check ")
        .contains("  compile ")
        .contains("  graph ")
        .contains("--version")
        .contains("--debug")
        .contains("Exit codes:")
        .contains("70 internal error");
    assertThat(run.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "run",
        "submit",
        "resume",
        "worker",
        "runs",
        "status",
        "job",
        "stats",
        "dead-letters",
        "retry",
        "cancel"
      })
  void every_command_of_the_runtime_has_help_with_store(String command) {
    FlowcRun run = FlowcRun.of(command, "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: flowc " + command + " ").contains("--store");
    assertThat(run.err()).isEmpty();
    assertThat(FlowcRun.of("--help").out()).contains("  " + command + " ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"check", "compile", "graph"})
  void every_command_has_help(String command) {
    FlowcRun run = FlowcRun.of(command, "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("Usage: flowc " + command + " ")
        // check takes directories and globs too.
        .contains(command.equals("check") ? "PATH..." : "FILE");
    assertThat(run.err()).isEmpty();
    assertThat(FlowcRun.of(command, "-h").out()).isEqualTo(run.out());
  }

  @Test
  void no_command_is_a_usage_error_in_one_line() {
    FlowcRun run = FlowcRun.of();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "flowc: a command is required, such as check, run or status (see 'flowc --help')\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--bogus",
        "check --bogus x.flow",
        "compile x.flow --emit=xml",
        "graph x.flow --format svg",
        "check --color sometimes x.flow",
        "check --format",
        "compile",
        "chek x.flow",
        "graph a.flow b.flow",
      })
  void a_usage_error_is_one_line_on_stderr_with_exit_2_and_no_stack_trace(String line) {
    FlowcRun run = FlowcRun.of(line.split(" "));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("flowc: ").endsWith("\n").doesNotContain("\tat ");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).doesNotContain("Usage:");
  }

  @Test
  void an_unknown_command_is_named_with_a_suggestion() {
    FlowcRun run = FlowcRun.of("chek", "etl.flow");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("flowc: unknown command 'chek'; did you mean 'check'? (see 'flowc --help')\n");
  }

  @Test
  void an_unknown_command_without_a_close_one_is_named_alone() {
    FlowcRun run = FlowcRun.of("xyz");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("flowc: unknown command 'xyz' (see 'flowc --help')\n");
  }

  @Test
  void a_second_file_for_a_one_file_command_is_an_unexpected_argument() {
    FlowcRun run = FlowcRun.of("compile", "a.flow", "b.flow");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("flowc: unexpected argument 'b.flow' (see 'flowc compile --help')\n");
  }

  @Test
  void help_command_prints_the_help_of_flowc_or_of_a_command() {
    FlowcRun top = FlowcRun.of("help");
    FlowcRun check = FlowcRun.of("help", "check");

    assertThat(top.exitCode()).isZero();
    assertThat(top.out()).isEqualTo(FlowcRun.of("--help").out());
    assertThat(check.exitCode()).isZero();
    assertThat(check.out()).isEqualTo(FlowcRun.of("check", "--help").out());
  }

  @Test
  void a_bad_choice_lists_the_choices_as_help_shows_them() {
    assertThat(FlowcRun.of("check", "--format", "xml", "x.flow").err())
        .isEqualTo(
            "flowc: invalid value for option '--format': expected one of text, json, sarif,"
                + " github, not 'xml' (see 'flowc check --help')\n");
    assertThat(FlowcRun.of("compile", "x.flow", "--emit", "XML").err())
        .contains("expected one of json, yaml, not 'XML'");
    assertThat(FlowcRun.of("graph", "x.flow", "-f", "svg").err())
        .contains("expected one of dot, mermaid, not 'svg'");
    assertThat(FlowcRun.of("check", "--color", "sometimes", "x.flow").err())
        .contains("expected one of auto, always, never, not 'sometimes'");
  }

  @Test
  void choices_ignore_case() {
    assertThat(FlowcRun.of("check", "--format", "JSON", "--color", "NEVER", "x.flow").err())
        .isEqualTo("flowc: cannot read 'x.flow': no such file or directory\n");
  }
}
