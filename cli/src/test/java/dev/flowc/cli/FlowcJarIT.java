package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.flowc.cli.FlowcProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged {@code flowc.jar} as a child process, as a user would: exit codes, what reaches
 * stdout and stderr byte for byte, and no stack trace for a user's mistake.
 */
class FlowcJarIT {
  @TempDir Path dir;

  private FlowcProcess process;

  @BeforeEach
  void writeInputs() throws IOException {
    process = new FlowcProcess(dir);
    Files.writeString(dir.resolve("etl.flow"), Pipelines.VALID, UTF_8);
    Files.writeString(dir.resolve("broken.flow"), Pipelines.TWO_ERRORS_ONE_WARNING, UTF_8);
  }

  private Result flowc(String... args) throws IOException, InterruptedException {
    return process.run(args);
  }

  private Result flowc(List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    return process.run(jvmOptions, args);
  }

  @Test
  void version_exits_0() throws Exception {
    Result result = flowc("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("flowc ").endsWith("\n");
  }

  @Test
  void a_valid_file_exits_0_and_errors_exit_1() throws Exception {
    Result valid = flowc("check", "etl.flow");
    Result broken = flowc("check", "broken.flow");

    assertThat(valid.exitCode()).isZero();
    assertThat(valid.out()).isEqualTo("0 errors, 0 warnings in 1 file\n");
    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.out())
        .startsWith("broken.flow:2:9: warning[FLOW402]")
        .endsWith("2 errors, 1 warning in 1 file\n");
    assertThat(broken.err()).isEmpty();
  }

  @Test
  void a_missing_file_is_one_line_and_exit_2() throws Exception {
    Result result = flowc("check", "missing.flow").hasNoStackTrace();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo("flowc: cannot read 'missing.flow': no such file or directory\n");
  }

  @Test
  void a_directory_given_as_a_file_is_one_line_and_exit_2() throws Exception {
    Files.createDirectory(dir.resolve("pipelines"));

    for (String command : List.of("compile", "graph")) {
      Result result = flowc(command, "pipelines").hasNoStackTrace();

      assertThat(result.exitCode()).as(command).isEqualTo(2);
      assertThat(result.err()).isEqualTo("flowc: cannot read 'pipelines': is a directory\n");
    }
    // check takes directories: this one has no pipeline in it.
    Result check = flowc("check", "pipelines").hasNoStackTrace();
    assertThat(check.exitCode()).isEqualTo(2);
    assertThat(check.err()).isEqualTo("flowc: no .flow file in directory 'pipelines'\n");
  }

  @Test
  void an_unreadable_file_is_one_line_and_exit_2() throws Exception {
    Path file = dir.resolve("secret.flow");
    Files.writeString(file, Pipelines.VALID);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    } catch (UnsupportedOperationException e) {
      assumeThat(false).as("POSIX permissions").isTrue();
    }
    assumeThat(Files.isReadable(file)).as("the file is unreadable (not so for root)").isFalse();

    Result result = flowc("check", "secret.flow").hasNoStackTrace();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("flowc: cannot read 'secret.flow': permission denied\n");
  }

  @Test
  void usage_errors_are_one_line_and_exit_2() throws Exception {
    List<List<String>> lines =
        List.of(
            List.of("--bogus"),
            List.of("chek", "etl.flow"),
            List.of("check", "--format", "xml", "etl.flow"),
            List.of("compile", "etl.flow", "--param", "table"),
            List.of("compile"),
            List.of());
    for (List<String> line : lines) {
      Result result = flowc(line.toArray(String[]::new)).hasNoStackTrace();

      assertThat(result.exitCode()).as("%s", line).isEqualTo(2);
      assertThat(result.out()).as("%s", line).isEmpty();
      assertThat(result.err()).as("%s", line).startsWith("flowc: ").doesNotContain("Usage:");
      assertThat(result.err().lines()).as("%s", line).hasSize(1);
    }
  }

  @Test
  void a_file_that_is_not_utf8_is_a_diagnostic_and_exit_1() throws Exception {
    Files.write(
        dir.resolve("latin1.flow"),
        "pipeline p { description \"caf\u00e9\" }\n".getBytes(ISO_8859_1));

    Result result = flowc("check", "latin1.flow").hasNoStackTrace();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .startsWith("latin1.flow:1:30: error[FLOW002]: file is not valid UTF-8");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void an_empty_file_is_a_diagnostic_and_exit_1() throws Exception {
    Files.write(dir.resolve("empty.flow"), new byte[0]);

    for (String command : List.of("check", "compile", "graph")) {
      Result result = flowc(command, "empty.flow").hasNoStackTrace();

      assertThat(result.exitCode()).as(command).isEqualTo(1);
      assertThat(result.out() + result.err()).contains("empty.flow:1:1: error[FLOW001]");
    }
  }

  @Test
  void binary_junk_is_a_diagnostic_with_no_control_characters_in_the_text() throws Exception {
    byte[] junk = new byte[4096];
    new Random(42).nextBytes(junk);
    Files.write(dir.resolve("junk.flow"), junk);
    // Valid UTF-8 full of control characters: an escape sequence must not reach the terminal.
    StringBuilder controls = new StringBuilder("pipeline p {\n");
    for (int c = 0; c < 0x20; c++) {
      controls.append("\u001b[31m").append((char) c).append(" \u0007 \u007f\n");
    }
    Files.writeString(dir.resolve("controls.flow"), controls, UTF_8);

    for (String file : List.of("junk.flow", "controls.flow")) {
      for (String format : List.of("text", "json", "sarif", "github")) {
        Result result = flowc("check", "--format", format, file).hasNoStackTrace();

        assertThat(result.exitCode()).as(file + " " + format).isEqualTo(1);
        assertThat(result.err()).as(file + " " + format).isEmpty();
        if (format.equals("text")) {
          assertThat(result.out()).doesNotContain("\u001b").doesNotContain("\u0007");
        }
      }
    }
  }

  @Test
  void output_is_utf8_whatever_the_platform_default_charset() throws Exception {
    Files.writeString(
        dir.resolve("accent.flow"),
        """
        pipeline p {
          stage extract { handler "x" }
          stage load after extrat { handler "y"; description "données à écrire" }
          stage café { handler "z" }
        }
        """,
        UTF_8);
    List<String> latin1 =
        List.of(
            "-Dfile.encoding=ISO-8859-1",
            "-Dsun.stdout.encoding=ISO-8859-1",
            "-Dsun.stderr.encoding=ISO-8859-1",
            "-Dstdout.encoding=ISO-8859-1");

    Result text = flowc(latin1, "check", "accent.flow").hasNoStackTrace();
    Result json = flowc(latin1, "check", "--format", "json", "accent.flow");
    Result graph = flowc(latin1, "graph", "accent.flow");

    assertThat(text.exitCode()).isEqualTo(1);
    assertThat(text.out())
        .contains(
            "accent.flow:3:20: error[FLOW201]: unknown stage 'extrat'\n"
                + "3 |   stage load after extrat { handler \"y\"; description \"données à écrire\" }\n")
        .contains("= help: did you mean 'extract'?")
        .contains("accent.flow:4:9: error[FLOW002]: 'café' is not a valid name");
    assertThat(text.stdout()).containsSequence("donn\u00e9es".getBytes(UTF_8));
    assertThat(json.out()).contains("'café' is not a valid name");
    assertThat(graph.err()).contains("données à écrire");
  }

  @Test
  void compile_output_is_byte_identical_across_processes() throws Exception {
    Result first = flowc("compile", "etl.flow");
    Result second = flowc("compile", "etl.flow");
    Result firstYaml = flowc("compile", "etl.flow", "--emit", "yaml");
    Result secondYaml =
        flowc(List.of("-Dfile.encoding=ISO-8859-1"), "compile", "etl.flow", "-e", "yaml");

    assertThat(first.exitCode()).isZero();
    assertThat(first.stdout()).isNotEmpty().isEqualTo(second.stdout());
    assertThat(firstYaml.exitCode()).isZero();
    assertThat(firstYaml.stdout()).isNotEmpty().isEqualTo(secondYaml.stdout());
  }

  @Test
  void compile_to_a_file_writes_the_same_bytes_as_stdout() throws Exception {
    Result stdout = flowc("compile", "etl.flow");
    Result toFile = flowc("compile", "etl.flow", "-o", "build/ir/etl.json");

    assertThat(toFile.exitCode()).isZero();
    assertThat(toFile.stdout()).isEmpty();
    assertThat(Files.readAllBytes(dir.resolve("build/ir/etl.json"))).isEqualTo(stdout.stdout());
  }

  @Test
  void compile_errors_go_to_stderr_with_exit_1() throws Exception {
    Result result = flowc("compile", "broken.flow").hasNoStackTrace();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("broken.flow:4:20: error[FLOW201]");
  }

  @Test
  void graph_prints_dot_and_mermaid() throws Exception {
    assertThat(flowc("graph", "etl.flow").out()).startsWith("digraph \"etl\" {\n");
    assertThat(flowc("graph", "etl.flow", "--format", "mermaid").out()).contains("flowchart LR\n");
  }
}
