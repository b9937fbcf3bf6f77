package dev.flowc.compiler.check;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParamDeclarationCheckTest {
  private final ParamDeclarationCheck check = new ParamDeclarationCheck();

  private static String params(String decls) {
    return pipeline("  params { " + decls + " }");
  }

  @Test
  void an_unknown_type_is_a_syntax_error_at_the_type_with_the_closest_type() {
    assertThat(CheckRunner.rendered(check, params("n: strng")))
        .containsExactly(
            "2:15-2:20 error FLOW001 unknown type 'strng' for param 'n'\n"
                + "  help: did you mean 'string'?");
  }

  @Test
  void a_default_of_another_type_is_reported_at_the_default() {
    assertThat(CheckRunner.rendered(check, params("n: int = \"5\"")))
        .containsExactly(
            "2:21-2:24 error FLOW301 param 'n' is an int, but its default is a string\n"
                + "  help: write 5 without quotes");
  }

  @Test
  void a_bare_name_anywhere_in_a_default_is_not_a_value() {
    // It used to pass the checks and make lowering throw (found by MutationFuzzTest).
    assertThat(CheckRunner.rendered(check, params("l: list = [true, nope] a: any = { k: other }")))
        .containsExactly(
            "2:29-2:33 error FLOW301 'nope' is not a value\n  help: write \"nope\" for a string",
            "2:49-2:54 error FLOW301 'other' is not a value\n  help: write \"other\" for a string");
  }

  @Test
  void a_bare_number_for_a_duration_is_flow303_with_the_fix() {
    assertThat(CheckRunner.rendered(check, params("d: duration = 1.5")))
        .containsExactly(
            "2:26-2:29 error FLOW303 param 'd' is a duration, but its default has no unit\n"
                + "  help: did you mean 1500ms?");
  }

  @Test
  void a_default_that_refers_to_a_param_is_not_a_constant() {
    assertThat(CheckRunner.lines(check, params("a: string = \"x\"  b: string = params.a")))
        .containsExactly(
            "2:41-2:49 error FLOW301 the default of param 'b' refers to param 'a'; a default must"
                + " be a constant");
  }

  @Test
  void every_type_accepts_a_matching_default_and_null() {
    assertThat(
            CheckRunner.run(
                check,
                params(
                    "s: string = \"x\" i: int = -1 f: float = 1 g: float = 2.5 b: bool = false"
                        + " d: duration = 5ms l: list = [1] m: map = { a: 1 } a: any = \"x\""
                        + " n: int = null")))
        .isEmpty();
  }
}
