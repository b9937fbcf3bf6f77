package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.dag.Plan;
import dev.flowc.dag.PlanCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void prints_the_ir_as_json_by_default_and_nothing_on_stderr() throws IOException {
    String file = FlowcRun.write(dir, "etl.flow", Pipelines.VALID);

    FlowcRun run = FlowcRun.of("compile", file);

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    JsonNode ir = JSON.readTree(run.out());
    assertThat(ir.get("format").asText()).isEqualTo("flowc.ir/1");
    assertThat(ir.get("pipeline").asText()).isEqualTo("etl");
    assertThat(ir.at("/source/path").asText()).isEqualTo(file);
    assertThat(ir.at("/jobs/1/stage").asText()).isEqualTo("load");
    assertThat(ir.at("/jobs/1/depends_on/0").asText()).isEqualTo("extract_api");
    assertThat(ir.at("/jobs/1/input/table").asText()).isEqualTo("analytics.events");
    assertThat(run.out()).endsWith("}\n");
  }

  @Test
  void emit_yaml_prints_the_same_plan_in_yaml() {
    String file = FlowcRun.write(dir, "etl.flow", Pipelines.VALID);

    FlowcRun json = FlowcRun.of("compile", file, "--emit", "json");
    FlowcRun yaml = FlowcRun.of("compile", file, "-e", "yaml");

    assertThat(yaml.exitCode()).isZero();
    assertThat(yaml.out()).startsWith("format: flowc.ir/1\npipeline: etl\n");
    Plan fromYaml = PlanCodec.fromYaml(yaml.out());
    assertThat(fromYaml).isEqualTo(PlanCodec.fromJson(json.out()));
  }

  @Test
  void the_same_input_gives_byte_identical_output() {
    String file = FlowcRun.write(dir, "etl.flow", Pipelines.VALID);

    assertThat(FlowcRun.of("compile", file).out()).isEqualTo(FlowcRun.of("compile", file).out());
    assertThat(FlowcRun.of("compile", file, "--emit", "yaml").out())
        .isEqualTo(FlowcRun.of("compile", file, "--emit", "yaml").out());
  }

  @Test
  void output_writes_the_file_creating_its_directories_and_prints_nothing() throws IOException {
    String file = FlowcRun.write(dir, "etl.flow", Pipelines.VALID);
    Path target = dir.resolve("build/ir/etl.json");

    FlowcRun run = FlowcRun.of("compile", file, "-o", target.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEmpty();
    assertThat(Files.readString(target, UTF_8)).isEqualTo(FlowcRun.of("compile", file).out());
    try (var files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void output_replaces_an_existing_file() throws IOException {
    String file = FlowcRun.write(dir, "etl.flow", Pipelines.VALID);
    Path target = dir.resolve("etl.yaml");
    Files.writeString(target, "old contents that are longer than nothing");

    FlowcRun run = FlowcRun.of("compile", file, "--emit", "yaml", "--output", target.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(Files.readString(target)).startsWith("format: flowc.ir/1\n");
  }

  @Test
  void output_under_a_regular_file_is_one_line_and_exit_2() {
    String file = FlowcRun.write(dir, "etl.flow", Pipelines.VALID);
    String target = file + "/ir.json";

    FlowcRun run = FlowcRun.of("compile", file, "-o", target);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("flowc: cannot write '" + target + "': a path component is not a directory\n");
  }

  @Test
  void output_to_a_directory_is_one_line_and_exit_2_and_leaves_the_directory_alone()
      throws IOException {
    String file = FlowcRun.write(dir, "etl.flow", Pipelines.VALID);
    Path target = Files.createDirectories(dir.resolve("out"));

    FlowcRun run = FlowcRun.of("compile", file, "-o", target.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("flowc: cannot write '" + target + "': is a directory\n");
    assertThat(target).isEmptyDirectory();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsOnly("etl.flow", "out");
    }
  }

  @Test
  void params_are_given_with_param_or_p_and_a_later_value_wins() throws IOException {
    String file = FlowcRun.write(dir, "p.flow", Pipelines.REQUIRED_PARAM);

    FlowcRun run =
        FlowcRun.of(
            "compile", file, "--param", "table=a.b", "-p", "limit=5", "-p", "limit=7", "-p=x=");
    // 'x' is not a param of the pipeline: that is a diagnostic, not a usage error.
    assertThat(run.exitCode()).isEqualTo(1);

    FlowcRun ok =
        FlowcRun.of("compile", file, "--param", "table=a=b", "-p", "limit=5", "-p=limit=7");
    assertThat(ok.exitCode()).isZero();
    JsonNode ir = JSON.readTree(ok.out());
    assertThat(ir.at("/params/table").asText()).isEqualTo("a=b");
    assertThat(ir.at("/params/limit").asInt()).isEqualTo(7);
    assertThat(ir.at("/jobs/0/input/limit").asInt()).isEqualTo(7);
  }

  @Test
  void a_param_without_equals_is_one_line_and_exit_2() {
    String file = FlowcRun.write(dir, "p.flow", Pipelines.REQUIRED_PARAM);

    FlowcRun run = FlowcRun.of("compile", file, "--param", "table");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "flowc: invalid value for option '--param' (NAME=VALUE): 'table' has no '='"
                + " (see 'flowc compile --help')\n");
  }

  @Test
  void a_param_without_a_name_is_one_line_and_exit_2() {
    String file = FlowcRun.write(dir, "p.flow", Pipelines.REQUIRED_PARAM);

    FlowcRun run = FlowcRun.of("compile", file, "-p", " =x");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("' =x' has no name before '='");
  }

  @Test
  void a_file_taken_by_param_is_reported_as_a_bad_param_not_a_missing_file() {
    FlowcRun run = FlowcRun.of("compile", "-p", "etl.flow");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'etl.flow' has no '='").doesNotContain("FILE'");
  }

  @Test
  void a_missing_param_is_flow305_on_stderr_and_exit_1() {
    String file = FlowcRun.write(dir, "p.flow", Pipelines.REQUIRED_PARAM);

    FlowcRun run = FlowcRun.of("compile", file);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith(file + ":3:5: error[FLOW305]: param 'table' has no default")
        .contains("= help: pass --param table=VALUE");
  }

  @Test
  void a_param_value_of_the_wrong_type_is_flow306() {
    String file = FlowcRun.write(dir, "p.flow", Pipelines.REQUIRED_PARAM);

    FlowcRun run = FlowcRun.of("compile", file, "-p", "table=t", "-p", "limit=many");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("error[FLOW306]").contains("'many'");
  }

  @Test
  void warnings_go_to_stderr_and_the_ir_still_goes_to_stdout() throws IOException {
    String file = FlowcRun.write(dir, "w.flow", Pipelines.WARNINGS_ONLY);

    FlowcRun run = FlowcRun.of("compile", file);

    assertThat(run.exitCode()).isZero();
    assertThat(JSON.readTree(run.out()).get("pipeline").asText()).isEqualTo("p");
    assertThat(run.err()).contains("warning[FLOW401]").contains("warning[FLOW402]");
  }

  @Test
  void color_always_paints_the_diagnostics_on_stderr_but_not_the_ir() {
    String file = FlowcRun.write(dir, "w.flow", Pipelines.WARNINGS_ONLY);

    FlowcRun run = FlowcRun.of("--color", "always", "compile", file);

    assertThat(run.err()).contains("\u001b[1;33mwarning[FLOW401]\u001b[0m");
    assertThat(run.out()).doesNotContain("\u001b[");
  }

  @Test
  void errors_go_to_stderr_with_nothing_on_stdout_and_no_file_written() {
    String file = FlowcRun.write(dir, "broken.flow", Pipelines.TWO_ERRORS_ONE_WARNING);
    Path target = dir.resolve("out/ir.json");

    FlowcRun run = FlowcRun.of("compile", file, "-o", target.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("error[FLOW201]").contains("error[FLOW101]");
    assertThat(target).doesNotExist();
  }

  @Test
  void a_missing_file_is_one_line_and_exit_2() {
    String missing = dir.resolve("missing.flow").toString();

    FlowcRun run = FlowcRun.of("compile", missing);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("flowc: cannot read '" + missing + "': no such file or directory\n");
  }

  @Test
  void a_bad_emit_value_is_one_line_and_exit_2() {
    String file = FlowcRun.write(dir, "etl.flow", Pipelines.VALID);

    FlowcRun run = FlowcRun.of("compile", file, "--emit", "xml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("flowc: invalid value for option '--emit'");
  }
}
