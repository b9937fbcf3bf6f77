package dev.flowc.cli.verify;

import static dev.flowc.cli.verify.VerifyRunner.pipeline;
import static dev.flowc.cli.verify.VerifyRunner.rendered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.diagnostic.DiagnosticCode;
import org.junit.jupiter.api.Test;

class InputTypeCheckTest {
  private static final DiagnosticCode CODE = DiagnosticCode.FLOW504;

  @Test
  void a_string_for_an_integer_is_reported_at_the_value() {
    assertThat(rendered(CODE, pipeline("  stage a { handler builtin.sleep input { ms: \"x\" } }")))
        .containsExactly(
            "2:47-2:50 error FLOW504 'ms' in the input of 'builtin.sleep' takes an integer, not a"
                + " string");
  }

  @Test
  void a_string_jackson_converts_is_fine_as_at_run_time() {
    assertThat(rendered(pipeline("  stage a { handler builtin.sleep input { ms: \"500\" } }")))
        .isEmpty();
  }

  @Test
  void a_map_for_a_list_is_reported() {
    assertThat(
            rendered(CODE, pipeline("  stage a { handler etl.load input { batches: { a: 1 } } }")))
        .containsExactly(
            "2:47-2:55 error FLOW504 'batches' in the input of 'etl.load' takes a list, not a map");
  }

  @Test
  void values_in_nested_records_lists_and_maps_are_checked() {
    assertThat(
            rendered(
                CODE,
                pipeline(
                    "  stage a {\n"
                        + "    handler etl.load\n"
                        + "    input {\n"
                        + "      batches: [{ name: \"a\", rows: true }]\n"
                        + "      options: { parallelism: 2, truncate: \"yes\", mode: \"MERGE\" }\n"
                        + "      limits: { rows: \"many\" }\n"
                        + "    }\n"
                        + "  }")))
        .containsExactly(
            "5:36-5:40 error FLOW504 'batches[0].rows' in the input of 'etl.load' takes an"
                + " integer, not a boolean",
            "6:44-6:49 error FLOW504 'options.truncate' in the input of 'etl.load' takes a"
                + " boolean, not a string",
            "6:57-6:64 error FLOW504 'options.mode' in the input of 'etl.load' takes one of"
                + " \"APPEND\", \"REPLACE\", not \"MERGE\"",
            "7:23-7:29 error FLOW504 'limits.rows' in the input of 'etl.load' takes an integer,"
                + " not a string");
  }

  @Test
  void a_long_string_for_an_enum_is_not_quoted() {
    String value = "x".repeat(41);

    assertThat(
            rendered(
                CODE,
                pipeline(
                    "  stage a { handler etl.load input { options: { parallelism: 1, truncate:"
                        + " true, mode: \""
                        + value
                        + "\" } } }")))
        .containsExactly(
            "2:87-2:130 error FLOW504 'options.mode' in the input of 'etl.load' takes one of"
                + " \"APPEND\", \"REPLACE\", not a string");
  }

  @Test
  void a_record_given_a_scalar_lists_its_fields() {
    assertThat(rendered(CODE, pipeline("  stage a { handler etl.load input { options: 3 } }")))
        .containsExactly(
            "2:47-2:48 error FLOW504 'options' in the input of 'etl.load' takes a map, not an"
                + " integer\n"
                + "  help: 'options' has the fields: parallelism (integer, required), truncate"
                + " (boolean, required), mode (\"APPEND\" or \"REPLACE\")");
  }

  @Test
  void an_input_that_is_not_a_map_for_a_record_is_reported_at_the_input() {
    assertThat(rendered(CODE, pipeline("  stage a { handler builtin.sleep input [500] }")))
        .containsExactly(
            "2:41-2:46 error FLOW504 'builtin.sleep' takes a map as input, not a list\n"
                + "  help: the input of 'builtin.sleep' has the fields: ms (integer, required)");
  }

  @Test
  void an_integer_out_of_range_names_the_range() {
    assertThat(
            rendered(
                CODE, pipeline("  stage a { handler builtin.fail input { times: 3000000000 } }")))
        .containsExactly(
            "2:49-2:59 error FLOW504 'times' in the input of 'builtin.fail' takes an integer from"
                + " -2147483648 to 2147483647, not 3000000000");
  }

  @Test
  void a_param_is_checked_by_its_declared_type() {
    assertThat(
            rendered(
                CODE,
                pipeline(
                    "  params { wait: list = [] pause: duration = 1s name: string = \"x\" }\n"
                        + "  stage a { handler builtin.sleep input { ms: params.wait } }\n"
                        + "  stage b { handler builtin.sleep input { ms: params.pause } }\n"
                        + "  stage c { handler builtin.sleep input { ms: params.name } }")))
        .containsExactly(
            "3:47-3:58 error FLOW504 'ms' in the input of 'builtin.sleep' takes an integer, but"
                + " param 'wait' is declared as 'list'\n"
                + "  note: param 'wait' is declared here (2:12)");
  }

  @Test
  void results_interpolations_and_any_params_are_not_known_and_not_checked() {
    assertThat(
            rendered(
                pipeline(
                    "  params { x: any = 1 }\n"
                        + "  stage a { handler builtin.echo }\n"
                        + "  stage b { handler builtin.sleep input { ms: a.result } }\n"
                        + "  stage c { handler builtin.sleep input { ms: \"${a.result}\" } }\n"
                        + "  stage d { handler builtin.sleep input { ms: params.x } }\n"
                        + "  stage e { handler etl.load input { batches: a.result.batches,"
                        + " options: a.result } }\n"
                        + "  stage f { handler etl.load input { batches: [a.result, a.result] } }")))
        .isEmpty();
  }

  @Test
  void json_node_input_accepts_anything() {
    assertThat(
            rendered(
                pipeline(
                    "  stage a { handler test.any input [1, \"two\", { three: [3] }, null] }\n"
                        + "  stage b { handler test.any input \"just a string\" }\n"
                        + "  stage c { handler test.any }")))
        .isEmpty();
  }

  @Test
  void a_list_of_integers_checks_each_item() {
    assertThat(rendered(CODE, pipeline("  stage a { handler test.ints input [1, \"two\", 3] }")))
        .containsExactly(
            "2:41-2:46 error FLOW504 '[1]' in the input of 'test.ints' takes an integer, not a"
                + " string");
  }

  @Test
  void a_map_input_takes_any_key_but_checks_each_value() {
    assertThat(rendered(CODE, pipeline("  stage a { handler test.tags input { a: 1, b: [2] } }")))
        .containsExactly(
            "2:48-2:51 error FLOW504 'b' in the input of 'test.tags' takes an integer, not a list");
  }

  @Test
  void null_is_accepted_where_jackson_accepts_it() {
    assertThat(
            rendered(
                pipeline("  stage a { handler etl.load input { options: null, table: null } }")))
        .isEmpty();
  }
}
