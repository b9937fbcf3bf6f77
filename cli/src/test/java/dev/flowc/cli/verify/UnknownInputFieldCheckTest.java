package dev.flowc.cli.verify;

import static dev.flowc.cli.verify.VerifyRunner.pipeline;
import static dev.flowc.cli.verify.VerifyRunner.rendered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.diagnostic.DiagnosticCode;
import org.junit.jupiter.api.Test;

class UnknownInputFieldCheckTest {
  private static final DiagnosticCode CODE = DiagnosticCode.FLOW502;

  @Test
  void a_misspelt_field_is_reported_at_its_key_with_the_closest_field_and_the_fields() {
    assertThat(
            rendered(
                CODE,
                pipeline(
                    "  stage a { handler \"etl.extract-api\" input { endpont: \"x\", pageSize: 1 } }")))
        .containsExactly(
            "2:47-2:54 error FLOW502 unknown field 'endpont' in the input of 'etl.extract-api'\n"
                + "  help: did you mean 'endpoint'?\n"
                + "  help: the input of 'etl.extract-api' has the fields: endpoint (string),"
                + " pageSize (integer, required), apiKey (string)");
  }

  @Test
  void a_field_of_a_nested_record_is_named_by_its_path() {
    assertThat(
            rendered(
                CODE,
                pipeline(
                    "  stage a {\n"
                        + "    handler etl.load\n"
                        + "    input { options: { parallelism: 2, truncate: true, colour: 1 } }\n"
                        + "  }")))
        .containsExactly(
            "4:56-4:62 error FLOW502 unknown field 'options.colour' in the input of 'etl.load'\n"
                + "  help: 'options' has the fields: parallelism (integer, required), truncate"
                + " (boolean, required), mode (\"APPEND\" or \"REPLACE\")");
  }

  @Test
  void a_field_of_a_record_in_a_list_is_named_with_its_index() {
    assertThat(
            rendered(
                CODE,
                pipeline(
                    "  stage a { handler etl.load input { batches: [{ name: \"a\", rows: 1 },"
                        + " { name: \"b\", row: 2 }] } }")))
        .containsExactly(
            "2:85-2:88 error FLOW502 unknown field 'batches[1].row' in the input of 'etl.load'\n"
                + "  help: did you mean 'rows'?\n"
                + "  help: 'batches[1]' has the fields: name (string), rows (integer, required)");
  }

  @Test
  void every_unknown_field_is_reported() {
    assertThat(
            rendered(
                CODE, pipeline("  stage a { handler builtin.sleep input { ms: 1, a: 2, b: 3 } }")))
        .hasSize(2);
  }

  @Test
  void a_type_that_ignores_unknown_fields_accepts_any_field() {
    assertThat(
            rendered(pipeline("  stage a { handler test.lenient input { size: 1, whatever: 2 } }")))
        .isEmpty();
  }

  @Test
  void an_alias_and_an_ignored_property_are_accepted() {
    assertThat(
            rendered(
                pipeline(
                    "  stage a { handler \"etl.extract-api\" input { pageSize: 1, key: \"k\" } }\n"
                        + "  stage b { handler test.bean input { id: \"x\", legacy: true } }")))
        .isEmpty();
  }

  @Test
  void a_map_input_or_json_input_takes_any_key() {
    assertThat(
            rendered(
                pipeline(
                    "  stage a { handler test.tags input { a: 1, b: 2 } }\n"
                        + "  stage b { handler test.any input { anything: { goes: [1, \"x\"] } } }\n"
                        + "  stage c { handler builtin.echo input { z: 1 } }")))
        .isEmpty();
  }
}
