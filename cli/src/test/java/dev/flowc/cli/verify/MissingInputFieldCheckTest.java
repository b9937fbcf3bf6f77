package dev.flowc.cli.verify;

import static dev.flowc.cli.verify.VerifyRunner.pipeline;
import static dev.flowc.cli.verify.VerifyRunner.rendered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.diagnostic.DiagnosticCode;
import org.junit.jupiter.api.Test;

class MissingInputFieldCheckTest {
  private static final DiagnosticCode CODE = DiagnosticCode.FLOW503;

  @Test
  void a_missing_primitive_record_component_is_reported_at_the_input_map() {
    assertThat(
            rendered(
                CODE,
                pipeline("  stage a { handler \"etl.extract-api\" input { endpoint: \"x\" } }")))
        .containsExactly(
            "2:45-2:62 error FLOW503 missing field 'pageSize' in the input of 'etl.extract-api'\n"
                + "  help: add 'pageSize' (an integer)");
  }

  @Test
  void several_missing_fields_are_one_diagnostic() {
    assertThat(
            rendered(
                CODE,
                pipeline("  stage a { handler etl.load input { options: { mode: \"APPEND\" } } }")))
        .containsExactly(
            "2:47-2:65 error FLOW503 missing fields 'options.parallelism' and 'options.truncate'"
                + " in the input of 'etl.load'\n"
                + "  help: add 'parallelism' (an integer) and 'truncate' (a boolean)");
  }

  @Test
  void a_stage_without_input_is_reported_at_its_name() {
    assertThat(rendered(CODE, pipeline("  stage nap { handler builtin.sleep }")))
        .containsExactly(
            "2:9-2:12 error FLOW503 missing field 'ms' in the input of 'builtin.sleep'\n"
                + "  help: stage 'nap' has no 'input': add one with 'ms' (an integer)");
  }

  @Test
  void input_null_is_an_empty_map_as_in_the_ir() {
    assertThat(rendered(CODE, pipeline("  stage nap { handler builtin.sleep input null }")))
        .containsExactly(
            "2:43-2:47 error FLOW503 missing field 'ms' in the input of 'builtin.sleep'\n"
                + "  help: add 'ms' (an integer)");
  }

  @Test
  void a_field_required_by_annotation_is_required() {
    assertThat(rendered(CODE, pipeline("  stage a { handler test.bean input { count: 1 } }")))
        .containsExactly(
            "2:37-2:49 error FLOW503 missing field 'id' in the input of 'test.bean'\n"
                + "  help: add 'id' (a string)");
  }

  @Test
  void object_fields_and_fields_set_by_an_alias_or_a_reference_are_not_missing() {
    assertThat(
            rendered(
                pipeline(
                    "  stage a { handler \"etl.extract-api\" input { key: \"k\", pageSize: 1 } }\n"
                        + "  stage b { handler builtin.fail input { } }\n"
                        + "  stage c { handler builtin.sleep input { ms: a.result.wait } }")))
        .isEmpty();
  }

  @Test
  void a_record_in_a_list_needs_its_fields_too() {
    assertThat(
            rendered(
                CODE,
                pipeline("  stage a { handler etl.load input { batches: [{ name: \"a\" }] } }")))
        .containsExactly(
            "2:48-2:61 error FLOW503 missing field 'batches[0].rows' in the input of 'etl.load'\n"
                + "  help: add 'rows' (an integer)");
  }
}
