package dev.flowc.compiler.check;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WhenCheckTest {
  private final WhenCheck check = new WhenCheck();

  private static String when(String condition) {
    return pipeline(
        "  params { n: int = 1  s: string = \"a\"  b: bool = true  y: any = 1 }\n"
            + "  stage a { handler \"h\" }\n"
            + "  stage w after a { handler \"h\" when "
            + condition
            + " }");
  }

  @Test
  void a_literal_or_param_that_is_not_a_boolean_is_flow308() {
    assertThat(CheckRunner.lines(check, when("1")))
        .containsExactly(
            "4:38-4:39 error FLOW308 'when' takes a condition (true or false), not a number");
    assertThat(CheckRunner.rendered(check, when("params.s")))
        .containsExactly(
            "4:38-4:46 error FLOW308 'when' takes a condition (true or false), not a string\n"
                + "  help: compare it, such as 'len(x) > 0' or 'x == \"done\"'\n"
                + "  note: param 's' is declared as 'string' here (2:27)");
    assertThat(CheckRunner.lines(check, when("len([1]) && true")))
        .containsExactly(
            "4:38-4:46 error FLOW308 '&&' takes a condition (true or false), not a number");
  }

  @Test
  void ordering_values_of_different_types_is_flow308() {
    assertThat(CheckRunner.lines(check, when("params.s < 3")))
        .containsExactly(
            "4:38-4:50 error FLOW308 '<' compares two numbers or two strings, not a string and a"
                + " number");
    assertThat(CheckRunner.lines(check, when("true >= a.result")))
        .containsExactly(
            "4:38-4:54 error FLOW308 '>=' compares two numbers or two strings, not a boolean and a"
                + " value");
  }

  @Test
  void len_of_a_number_and_in_of_a_string_are_flow308() {
    assertThat(CheckRunner.lines(check, when("len(params.n) > 0")))
        .containsExactly(
            "4:42-4:50 error FLOW308 'len' counts a string, a list or a map, not a number");
    assertThat(CheckRunner.lines(check, when("\"a\" in \"abc\"")))
        .containsExactly("4:45-4:50 error FLOW308 'in' looks in a list or a map, not a string");
    assertThat(CheckRunner.lines(check, when("1 in { a: 1 }")))
        .containsExactly("4:38-4:39 error FLOW308 'in' a map looks for a string key, not a number");
  }

  @Test
  void a_state_compared_with_a_name_that_is_no_state_is_flow308_with_a_suggestion() {
    assertThat(CheckRunner.rendered(check, when("a.state == \"complet\"")))
        .containsExactly(
            "4:49-4:58 error FLOW308 'complet' is not a state 'a.state' can be in: a stage ends"
                + " complete, dead, cancelled or skipped\n"
                + "  help: did you mean 'complete'?");
    assertThat(CheckRunner.lines(check, when("a.state in [\"dead\", \"failed\"]")))
        .containsExactly(
            "4:58-4:66 error FLOW308 'failed' is not a state 'a.state' can be in: a stage ends"
                + " complete, dead, cancelled or skipped");
  }

  @Test
  void conditions_that_can_be_right_are_fine() {
    assertThat(
            CheckRunner.lines(
                check,
                when(
                    "(len(a.result.rows) > 0 || params.b) && !(a.state == \"dead\")"
                        + " && params.y && params.n <= 3 && \"x\" in a.result && run.id > 0")))
        .isEmpty();
  }
}
