package dev.flowc.compiler.check;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForCheckTest {
  private final ForCheck check = new ForCheck();

  @Test
  void a_for_over_a_literal_that_is_not_a_list_is_flow307_at_the_value() {
    assertThat(
            CheckRunner.rendered(
                check,
                pipeline(
                    "  stage a for x in \"eu,us\" { handler \"h\" }\n"
                        + "  stage b for x in { a: 1 } { handler \"h\" }")))
        .containsExactly(
            "2:20-2:27 error FLOW307 'for' runs over a list, not a string\n"
                + "  help: write a list such as [\"eu\", \"us\"], a list param, or a stage's result",
            "3:20-3:28 error FLOW307 'for' runs over a list, not a map\n"
                + "  help: write a list such as [\"eu\", \"us\"], a list param, or a stage's result");
  }

  @Test
  void a_for_over_a_param_that_is_not_a_list_or_any_is_flow307_with_its_declaration() {
    assertThat(
            CheckRunner.rendered(
                check,
                pipeline(
                    "  params { r: string = \"eu\"  l: list = []  y: any = [] }\n"
                        + "  stage a for x in params.r { handler \"h\" }\n"
                        + "  stage b for x in params.l { handler \"h\" }\n"
                        + "  stage c for x in params.y { handler \"h\" }")))
        .containsExactly(
            "3:20-3:28 error FLOW307 'for' runs over a list, but param 'r' is declared as"
                + " 'string'\n"
                + "  note: param 'r' is declared here (2:15)");
  }

  @Test
  void lists_and_results_are_fine() {
    assertThat(
            CheckRunner.lines(
                check,
                pipeline(
                    "  stage a { handler \"h\" }\n"
                        + "  stage b for x in a.result.files { handler \"h\" }\n"
                        + "  stage c for x in [1, 2] { handler \"h\" max_items 2 }")))
        .isEmpty();
  }

  @Test
  void a_literal_list_longer_than_max_items_is_flow302() {
    assertThat(
            CheckRunner.lines(
                check, pipeline("  stage c for x in [1, 2, 3] { handler \"h\" max_items 2 }")))
        .containsExactly("2:20-2:29 error FLOW302 the list has 3 elements, more than max_items 2");
  }

  @Test
  void max_items_without_for_is_flow204() {
    assertThat(CheckRunner.lines(check, pipeline("  stage c { handler \"h\" max_items 2 }")))
        .containsExactly("2:25-2:34 error FLOW204 'max_items' applies only to a stage with 'for'");
  }
}
