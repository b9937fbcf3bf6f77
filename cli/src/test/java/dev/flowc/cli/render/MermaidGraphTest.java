package dev.flowc.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.PipelineGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

class MermaidGraphTest {
  @Test
  void generated_ids_labels_with_name_handler_and_queue_and_edges_to_dependents() {
    PipelineGraph graph =
        new PipelineGraph(
            "etl",
            "Extract, then load",
            List.of(
                new PipelineGraph.Stage("end", "etl.extract", "io", List.of()),
                new PipelineGraph.Stage("subgraph", "etl.normalize", "default", List.of()),
                new PipelineGraph.Stage("load", "etl.load", "io", List.of("end", "subgraph"))));

    assertThat(new MermaidGraph().render(graph))
        .isEqualTo(
            """
            ---
            title: "etl: Extract, then load"
            ---
            flowchart LR
              s1["end<br/>etl.extract<br/>queue: io"]
              s2["subgraph<br/>etl.normalize<br/>queue: default"]
              s3["load<br/>etl.load<br/>queue: io"]
              s1 --> s3
              s2 --> s3
            """);
  }

  @Test
  void quotes_and_html_in_labels_are_entity_codes() {
    PipelineGraph graph =
        new PipelineGraph(
            "p \"q\"",
            null,
            List.of(new PipelineGraph.Stage("a", "say \"hi\" <b>&</b>", "default", List.of())));

    assertThat(new MermaidGraph().render(graph))
        .contains("title: \"p \\\"q\\\"\"\n")
        .contains("  s1[\"a<br/>say #34;hi#34; #60;b#62;#38;#60;/b#62;<br/>queue: default\"]\n");
  }

  @Test
  void a_newline_in_a_label_is_a_line_break_and_a_hash_is_an_entity_code() {
    PipelineGraph graph =
        new PipelineGraph(
            "p", null, List.of(new PipelineGraph.Stage("a", "x\ny#35;z\r\n", "q", List.of())));

    assertThat(new MermaidGraph().render(graph))
        .contains("  s1[\"a<br/>x<br/>y#35;35;z<br/><br/>queue: q\"]\n")
        .doesNotContain("\r");
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

    assertThat(new MermaidGraph().render(graph))
        .contains(
            "  s2[[\"normalize<br/>etl.normalize<br/>queue: default<br/>for file in"
                + " list.result.files<br/>when ...\"]]\n")
        .contains("  s1 --> s2\n")
        .contains("  s2 -. state .-> s3\n");
  }
}
