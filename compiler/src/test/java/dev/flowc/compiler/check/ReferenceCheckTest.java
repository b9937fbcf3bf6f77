package dev.flowc.compiler.check;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReferenceCheckTest {
  private final ReferenceCheck check = new ReferenceCheck();

  @Test
  void an_unknown_stage_in_after_is_reported_at_that_name() {
    assertThat(
            CheckRunner.rendered(
                check,
                pipeline(
                    "  stage a { handler \"x\" }\n  stage b after a, bogus { handler \"x\" }")))
        .containsExactly("3:20-3:25 error FLOW201 unknown stage 'bogus'");
  }

  @Test
  void an_unknown_stage_in_a_result_reference_gets_the_closest_stage() {
    assertThat(
            CheckRunner.rendered(
                check,
                pipeline(
                    "  stage normalize_a { handler \"x\" }\n"
                        + "  stage load { handler \"x\" input { r: normalise_a.result.rows } }")))
        .containsExactly(
            "3:39-3:50 error FLOW201 unknown stage 'normalise_a'\n"
                + "  help: did you mean 'normalize_a'?");
  }

  @Test
  void a_stage_after_itself_or_using_its_own_result_is_flow205() {
    assertThat(
            CheckRunner.lines(
                check,
                pipeline("  stage a after a { handler \"x\" input { v: \"${a.result}\" } }")))
        .containsExactly(
            "2:17-2:18 error FLOW205 stage 'a' runs after itself",
            "2:47-2:48 error FLOW205 stage 'a' uses its own result");
  }

  @Test
  void an_unknown_param_is_reported_at_the_name_after_params_dot() {
    assertThat(
            CheckRunner.rendered(
                check,
                pipeline(
                    "  params { table: string = \"t\" }\n"
                        + "  stage a { handler \"x\" input { t: params.tabel } }")))
        .containsExactly(
            "3:43-3:48 error FLOW203 unknown param 'tabel'\n  help: did you mean 'table'?");
  }

  @Test
  void unknown_params_are_found_in_interpolations_metadata_and_descriptions() {
    assertThat(
            CheckRunner.lines(
                check,
                pipeline(
                    "  description \"${params.a}\"\n"
                        + "  stage s { handler \"x\" metadata { m: params.b } input { i:"
                        + " \"x${params.c}\" } }")))
        .containsExactly(
            "2:25-2:26 error FLOW203 unknown param 'a'",
            "3:46-3:47 error FLOW203 unknown param 'b'",
            "3:72-3:73 error FLOW203 unknown param 'c'");
  }

  @Test
  void an_unknown_queue_in_a_stage_or_defaults_is_reported_at_the_value() {
    assertThat(
            CheckRunner.rendered(
                check,
                pipeline(
                    "  queue transform\n  defaults { queue transfrom }\n"
                        + "  stage a { handler \"x\" queue \"other\" }")))
        .containsExactly(
            "3:20-3:29 error FLOW202 unknown queue 'transfrom'\n"
                + "  help: did you mean 'transform'?",
            "4:31-4:38 error FLOW202 unknown queue 'other'");
  }

  @Test
  void the_default_queue_exists_without_being_declared() {
    assertThat(CheckRunner.run(check, pipeline("  stage a { handler \"x\" queue default }")))
        .isEmpty();
  }

  @Test
  void a_result_reference_outside_input_is_left_to_the_value_check() {
    assertThat(
            CheckRunner.run(
                check, pipeline("  stage a { handler \"x\" metadata { m: nowhere.result } }")))
        .isEmpty();
  }
}
