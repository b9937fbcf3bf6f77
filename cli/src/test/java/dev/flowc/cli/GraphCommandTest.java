package dev.flowc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphCommandTest {
  @TempDir Path dir;

  @Test
  void draws_dot_by_default_with_edges_from_dependency_to_dependent() {
    String file = FlowcRun.write(dir, "etl.flow", Pipelines.VALID);

    FlowcRun run = FlowcRun.of("graph", file);

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .startsWith("digraph \"etl\" {\n")
        .contains("  \"extract_api\" [label=\"extract_api\\netl.extract-api\\nqueue: extract\"];\n")
        .contains("  \"load\" [label=\"load\\netl.load\\nqueue: default\"];\n")
        .contains("  \"extract_api\" -> \"load\";\n")
        .endsWith("}\n");
  }

  @Test
  void draws_mermaid_with_format_mermaid() {
    String file = FlowcRun.write(dir, "etl.flow", Pipelines.VALID);

    FlowcRun run = FlowcRun.of("graph", file, "--format", "mermaid");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("flowchart LR\n")
        .contains("  s1[\"extract_api<br/>etl.extract-api<br/>queue: extract\"]\n")
        .contains("  s2[\"load<br/>etl.load<br/>queue: default\"]\n")
        .contains("  s1 --> s2\n");
    assertThat(FlowcRun.of("graph", file, "-f", "mermaid").out()).isEqualTo(run.out());
  }

  @Test
  void draws_the_stages_only_of_a_pipeline_with_schedules_and_rates() {
    String file =
        FlowcRun.write(
            dir,
            "nightly.flow",
            """
            pipeline nightly {
              params { table: string }
              queue api { rate 10/s }
              schedule night { cron "0 2 * * *" timezone "Europe/Berlin" params { table: "t" } }
              stage extract { handler "etl.extract" queue api }
              stage load after extract { handler "etl.load" input { table: params.table } }
            }
            """);

    FlowcRun run = FlowcRun.of("graph", file, "--format", "mermaid");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains("  s1[\"extract<br/>etl.extract<br/>queue: api\"]\n")
        .contains("  s1 --> s2\n")
        .doesNotContain("cron")
        .doesNotContain("0 2 * * *");
  }

  @Test
  void needs_no_param_values() {
    String file = FlowcRun.write(dir, "p.flow", Pipelines.REQUIRED_PARAM);

    FlowcRun run = FlowcRun.of("graph", file);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("\"load\" [label=");
  }

  @Test
  void a_broken_file_prints_its_diagnostics_on_stderr_and_exits_1() {
    String file = FlowcRun.write(dir, "broken.flow", Pipelines.TWO_ERRORS_ONE_WARNING);

    FlowcRun run = FlowcRun.of("graph", file, "--format", "mermaid");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains(file + ":4:20: error[FLOW201]: unknown stage 'normalise_a'")
        .contains("error[FLOW101]");
  }

  @Test
  void warnings_go_to_stderr_and_the_graph_to_stdout() {
    String file = FlowcRun.write(dir, "w.flow", Pipelines.WARNINGS_ONLY);

    FlowcRun run = FlowcRun.of("graph", file);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("digraph");
    assertThat(run.err()).contains("warning[FLOW402]");
  }

  @Test
  void color_always_paints_the_diagnostics_on_stderr() {
    String file = FlowcRun.write(dir, "broken.flow", Pipelines.TWO_ERRORS_ONE_WARNING);

    FlowcRun run = FlowcRun.of("graph", "--color", "always", file);

    assertThat(run.err()).contains("\u001b[1;31merror[FLOW201]\u001b[0m");
    assertThat(FlowcRun.of("graph", file).err()).doesNotContain("\u001b[");
  }

  @Test
  void a_missing_file_is_one_line_and_exit_2() {
    String missing = dir.resolve("missing.flow").toString();

    FlowcRun run = FlowcRun.of("graph", missing);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("flowc: cannot read '" + missing + "': no such file or directory\n");
  }

  @Test
  void a_stage_named_end_is_drawn_in_mermaid_under_a_generated_id() {
    String file =
        FlowcRun.write(
            dir,
            "end.flow",
            """
            pipeline p {
              stage end { handler "x" }
              stage graph after end { handler "y" }
            }
            """);

    FlowcRun run = FlowcRun.of("graph", file, "--format", "mermaid");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("  s1[\"end<br/>x<br/>queue: default\"]\n")
        .contains("  s1 --> s2\n")
        .doesNotContain(" end -->");
  }
}
