package dev.flowc.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.PipelineGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

class DotGraphTest {
  @Test
  void one_node_per_stage_with_name_handler_and_queue_and_edges_to_dependents() {
    PipelineGraph graph =
        new PipelineGraph(
            "etl",
            "Extract, then load",
            List.of(
                new PipelineGraph.Stage("extract", "etl.extract", "io", List.of()),
                new PipelineGraph.Stage("normalize", "etl.normalize", "default", List.of()),
                new PipelineGraph.Stage(
                    "load", "etl.load", "io", List.of("extract", "normalize"))));

    assertThat(new DotGraph().render(graph))
        .isEqualTo(
            """
            digraph "etl" {
              label="etl\\nExtract, then load";
              labelloc=t;
              rankdir=LR;
              node [shape=box, style=rounded];
              "extract" [label="extract\\netl.extract\\nqueue: io"];
              "normalize" [label="normalize\\netl.normalize\\nqueue: default"];
              "load" [label="load\\netl.load\\nqueue: io"];
              "extract" -> "load";
              "normalize" -> "load";
            }
            """);
  }

  @Test
  void quotes_backslashes_and_newlines_in_labels_are_escaped() {
    PipelineGraph graph =
        new PipelineGraph(
            "p",
            null,
            List.of(new PipelineGraph.Stage("graph", "say \"hi\"\\n\nnow", "default", List.of())));

    assertThat(new DotGraph().render(graph))
        .contains("  label=\"p\";\n")
        .contains("  \"graph\" [label=\"graph\\nsay \\\"hi\\\"\\\\n\\nnow\\nqueue: default\"];\n");
  }

  @Test
  void a_fanned_out_stage_is_one_marked_node_and_a_state_edge_is_drawn_apart() {
    PipelineGraph graph =
        new PipelineGraph(
            "files",
            null,
            List.of(
                new PipelineGraph.Stage("list", "files.list", "default", List.of()),
                new PipelineGraph.Stage(
                    "normalize",
                    "etl.normalize",
                    "default",
                    List.of("list"),
                    "for file in list.result.files",
                    List.of(),
                    true),
                new PipelineGraph.Stage(
                    "page",
                    "ops.page",
                    "default",
                    List.of("normalize"),
                    null,
                    List.of("normalize"),
                    true)));

    assertThat(new DotGraph().render(graph))
        .contains(
            "  \"normalize\" [label=\"normalize\\netl.normalize\\nqueue: default\\nfor file in"
                + " list.result.files\\nwhen ...\", peripheries=2];\n")
        .contains("  \"list\" -> \"normalize\";\n")
        .contains("  \"normalize\" -> \"page\" [style=dashed, label=\"state\"];\n");
  }
}
