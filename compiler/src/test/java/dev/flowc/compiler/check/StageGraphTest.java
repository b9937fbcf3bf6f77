package dev.flowc.compiler.check;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StageGraphTest {
  @Test
  void topological_order_breaks_ties_by_declaration_order() {
    StageGraph graph =
        CheckRunner.graph(
            pipeline(
                "  stage load after norm_a, norm_b { handler \"x\" }\n"
                    + "  stage norm_b { handler \"x\" input { r: ex_b.result } }\n"
                    + "  stage norm_a { handler \"x\" input { r: ex_a.result } }\n"
                    + "  stage ex_b { handler \"x\" }\n"
                    + "  stage ex_a { handler \"x\" }"));
    assertThat(graph.topologicalOrder())
        .containsExactly("ex_b", "norm_b", "ex_a", "norm_a", "load");
  }

  @Test
  void load_is_blocked_by_both_normalizes() {
    StageGraph graph =
        CheckRunner.graph(
            pipeline(
                "  stage norm_a { handler \"x\" }\n  stage norm_b { handler \"x\" }\n"
                    + "  stage load after norm_b { handler \"x\" input { a: norm_a.result } }"));
    assertThat(graph.dependencies("load"))
        .extracting(StageGraph.Edge::dependency)
        .containsExactly("norm_a", "norm_b");
    assertThat(graph.dependents("norm_a"))
        .extracting(StageGraph.Edge::dependent)
        .containsExactly("load");
  }

  @Test
  void an_after_that_repeats_a_result_edge_is_one_edge_at_its_first_site() {
    StageGraph graph =
        CheckRunner.graph(
            pipeline(
                "  stage a { handler \"x\" }\n"
                    + "  stage b after a { handler \"x\" input { x: a.result, y: a.result.z } }"));
    assertThat(graph.dependencies("b")).hasSize(1);
    assertThat(graph.dependencies("b").get(0).site()).hasToString("3:17");
  }

  @Test
  void edges_to_unknown_stages_and_to_the_stage_itself_are_left_out() {
    StageGraph graph = CheckRunner.graph(pipeline("  stage a after a, ghost { handler \"x\" }"));
    assertThat(graph.dependencies("a")).isEmpty();
    assertThat(graph.topologicalOrder()).containsExactly("a");
  }

  @Test
  void stages_on_or_behind_a_cycle_are_left_out_of_the_order() {
    StageGraph graph =
        CheckRunner.graph(
            pipeline(
                "  stage a after b { handler \"x\" }\n  stage b after a { handler \"x\" }\n"
                    + "  stage c after b { handler \"x\" }\n  stage d { handler \"x\" }"));
    assertThat(graph.topologicalOrder()).containsExactly("d");
    assertThat(graph.cycles()).containsExactly(List.of("a", "b"));
  }

  @Test
  void a_chain_of_20000_stages_neither_overflows_the_stack_nor_crawls() {
    StringBuilder members = new StringBuilder("  stage s0 { handler \"x\" }\n");
    for (int i = 1; i < 20_000; i++) {
      members.append("  stage s").append(i).append(" after s").append(i - 1);
      members.append(" { handler \"x\" }\n");
    }
    StageGraph graph = CheckRunner.graph(pipeline(members.toString()));
    List<String> order = graph.topologicalOrder();
    assertThat(order).hasSize(20_000);
    assertThat(order.get(0)).isEqualTo("s0");
    assertThat(order.get(19_999)).isEqualTo("s19999");
    assertThat(graph.cycles()).isEmpty();
  }

  @Test
  void a_cycle_through_a_chain_of_20000_stages_is_found_without_overflowing_the_stack() {
    StringBuilder members = new StringBuilder("  stage s0 after s19999 { handler \"x\" }\n");
    for (int i = 1; i < 20_000; i++) {
      members.append("  stage s").append(i).append(" after s").append(i - 1);
      members.append(" { handler \"x\" }\n");
    }
    StageGraph graph = CheckRunner.graph(pipeline(members.toString()));
    assertThat(graph.cycles()).hasSize(1);
    assertThat(graph.cycles().get(0)).hasSize(20_000);
    assertThat(graph.topologicalOrder()).isEmpty();
  }
}
