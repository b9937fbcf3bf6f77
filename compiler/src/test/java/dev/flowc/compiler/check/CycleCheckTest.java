package dev.flowc.compiler.check;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CycleCheckTest {
  private final CycleCheck check = new CycleCheck();

  @Test
  void a_cycle_shows_the_whole_cycle_at_the_edge_that_closes_it_with_the_others_as_notes() {
    assertThat(
            CheckRunner.rendered(
                check,
                pipeline(
                    "  stage a after c { handler \"x\" }\n"
                        + "  stage b after a { handler \"x\" }\n"
                        + "  stage c after b { handler \"x\" }")))
        .containsExactly(
            "2:17-2:18 error FLOW206 dependency cycle: 'a' -> 'b' -> 'c' -> 'a'\n"
                + "  help: 'x' -> 'y' means 'y' runs after 'x'; remove one of these dependencies\n"
                + "  note: 'b' runs after 'a' here (3:17)\n"
                + "  note: 'c' runs after 'b' here (4:17)");
  }

  @Test
  void implicit_edges_from_results_close_cycles_too() {
    assertThat(
            CheckRunner.lines(
                check,
                pipeline(
                    "  stage a { handler \"x\" input { b: b.result } }\n"
                        + "  stage b { handler \"x\" input { a: a.result } }")))
        .containsExactly("2:36-2:37 error FLOW206 dependency cycle: 'a' -> 'b' -> 'a'");
  }

  @Test
  void two_separate_cycles_are_two_diagnostics_and_stages_behind_them_are_not_reported() {
    assertThat(
            CheckRunner.lines(
                check,
                pipeline(
                    "  stage a after b { handler \"x\" }\n  stage b after a { handler \"x\" }\n"
                        + "  stage c after d { handler \"x\" }\n  stage d after c { handler \"x\" }\n"
                        + "  stage e after a, c { handler \"x\" }")))
        .containsExactly(
            "2:17-2:18 error FLOW206 dependency cycle: 'a' -> 'b' -> 'a'",
            "4:17-4:18 error FLOW206 dependency cycle: 'c' -> 'd' -> 'c'");
  }

  @Test
  void the_shortest_cycle_through_the_first_stage_is_shown() {
    // a and b form a 2-cycle; a -> c -> d -> a is longer.
    assertThat(
            CheckRunner.lines(
                check,
                pipeline(
                    "  stage a after b, d { handler \"x\" }\n  stage b after a { handler \"x\" }\n"
                        + "  stage c after a { handler \"x\" }\n  stage d after c { handler \"x\" }")))
        .containsExactly("2:17-2:18 error FLOW206 dependency cycle: 'a' -> 'b' -> 'a'");
  }

  @Test
  void a_diamond_is_not_a_cycle() {
    assertThat(
            CheckRunner.run(
                check,
                pipeline(
                    "  stage a { handler \"x\" }\n  stage b after a { handler \"x\" }\n"
                        + "  stage c after a { handler \"x\" }\n  stage d after b, c { handler \"x\" }")))
        .isEmpty();
  }

  @Test
  void a_self_dependency_is_left_to_the_reference_check() {
    assertThat(CheckRunner.run(check, pipeline("  stage a after a { handler \"x\" }"))).isEmpty();
  }
}
