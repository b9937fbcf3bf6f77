package dev.flowc.compiler.lower;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.DiagnosticText;
import dev.flowc.compiler.Flow;
import dev.flowc.compiler.check.ParamType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParamBinderTest {
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "STRING   | hello          | \"hello\"",
        "STRING   | 42             | \"42\"",
        "INT      | -42            | -42",
        "INT      | 1_000          | 1000",
        "FLOAT    | 2.5            | 2.5",
        "FLOAT    | 3              | 3.0",
        "BOOL     | true           | true",
        "BOOL     | false          | false",
        "DURATION | 90s            | 90000",
        "DURATION | 250ms          | 250",
        "LIST     | [1,\"a\"]      | [1,\"a\"]",
        "MAP      | {\"$k\":{\"x\":1}} | {\"$$k\":{\"x\":1}}",
        "ANY      | {\"a\":1}      | {\"a\":1}",
        "ANY      | not json       | \"not json\"",
      })
  void a_value_is_read_by_the_declared_type(ParamType type, String text, String json) {
    assertThat(ParamBinder.parse(type, text)).hasToString(json);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "INT      | 1.5",
        "INT      | 99999999999999999999",
        "INT      | ''",
        "FLOAT    | 1e999",
        "FLOAT    | NaN",
        "BOOL     | yes",
        "DURATION | 5",
        "DURATION | 1.5s",
        "LIST     | {}",
        "LIST     | [1,",
        "MAP      | []",
        "MAP      | {} {}",
      })
  void a_value_that_does_not_fit_its_type_is_rejected(ParamType type, String text) {
    assertThat(ParamBinder.parse(type, text)).isNull();
  }

  private static final String PIPELINE =
      pipeline(
          "  params { n: int  s: string = \"d\" }\n"
              + "  stage a { handler \"x\" input { n: params.n, s: params.s } }");

  private static List<String> lines(Map<String, String> params) {
    return Flow.compile(PIPELINE, params).diagnostics().stream()
        .map(DiagnosticText::render)
        .toList();
  }

  @Test
  void a_missing_value_is_flow305_at_the_param() {
    assertThat(lines(Map.of()))
        .containsExactly(
            "2:12-2:13 error FLOW305 param 'n' has no default and was not given a value\n"
                + "  help: pass --param n=VALUE");
  }

  @Test
  void a_bad_value_is_flow306_at_the_param_with_an_example() {
    assertThat(lines(Map.of("n", "ten")))
        .containsExactly(
            "2:12-2:13 error FLOW306 param 'n' is an int, but the value given, 'ten', is not\n"
                + "  help: for example --param n=42");
  }

  @Test
  void a_value_for_an_undeclared_param_is_flow203_at_the_pipeline_name() {
    assertThat(lines(Map.of("n", "1", "m", "2")))
        .containsExactly(
            "1:10-1:11 error FLOW203 unknown param 'm' given a value (--param m=...)\n"
                + "  help: did you mean 'n'?");
  }

  @Test
  void a_given_value_replaces_the_default_and_the_plan_lists_params_in_declaration_order() {
    assertThat(Flow.plan(PIPELINE, Map.of("s", "given", "n", "1")).params().keySet())
        .containsExactly("n", "s");
    assertThat(Flow.plan(PIPELINE, Map.of("s", "given", "n", "1")).job("a").input().toString())
        .isEqualTo("{\"n\":1,\"s\":\"given\"}");
  }

  @Test
  void a_number_given_for_a_duration_suggests_the_unit() {
    assertThat(
            DiagnosticText.render(
                Flow.compile(
                        pipeline(
                            "  params { window: duration }\n"
                                + "  stage a { handler \"x\" timeout params.window }"),
                        Map.of("window", "90"))
                    .diagnostics()))
        .isEqualTo(
            "2:12-2:18 error FLOW306 param 'window' is a duration, but the value given, '90', is"
                + " not\n"
                + "  help: did you mean --param window=90s? (a duration needs a unit: ms, s, m, h"
                + " or d)\n");
  }
}
