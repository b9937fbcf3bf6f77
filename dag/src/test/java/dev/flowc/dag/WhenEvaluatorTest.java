package dev.flowc.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhenEvaluatorTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static boolean eval(String tree) {
    return WhenEvaluator.evaluate(json(tree), Bindings.none());
  }

  @Test
  void len_of_a_result_compared_with_a_number() {
    JsonNode when =
        json(
            "{\"op\": \">\", \"args\": [{\"op\": \"len\", \"args\": [{\"$result\":"
                + " \"normalize\", \"path\": [\"rows\"]}]}, 0]}");

    assertThat(
            WhenEvaluator.evaluate(
                when, Bindings.none().withResult("normalize", json("{\"rows\": [1, 2]}"))))
        .isTrue();
    assertThat(
            WhenEvaluator.evaluate(
                when, Bindings.none().withResult("normalize", json("{\"rows\": []}"))))
        .isFalse();
  }

  @Test
  void a_state_compared_with_complete_runs_a_stage_after_a_failure() {
    JsonNode when = WhenTree.op("!=", Values.state("load"), NODES.textNode("complete"));

    assertThat(WhenEvaluator.evaluate(when, Bindings.none().withState("load", FinalState.DEAD)))
        .isTrue();
    assertThat(WhenEvaluator.evaluate(when, Bindings.none().withState("load", FinalState.COMPLETE)))
        .isFalse();
  }

  @Test
  void numbers_compare_by_value_whatever_their_type() {
    assertThat(eval("{\"op\": \"==\", \"args\": [1, 1.0]}")).isTrue();
    assertThat(eval("{\"op\": \"==\", \"args\": [[1, {\"a\": 2}], [1.0, {\"a\": 2.0}]]}")).isTrue();
    assertThat(eval("{\"op\": \"<\", \"args\": [9007199254740993, 9007199254740994]}")).isTrue();
    assertThat(eval("{\"op\": \"<=\", \"args\": [0.1, 0.10]}")).isTrue();
    assertThat(eval("{\"op\": \"!=\", \"args\": [1, \"1\"]}")).isTrue();
  }

  @Test
  void strings_compare_by_code_point() {
    // U+1F600 is above U+FFFD as a code point, below it in UTF-16 units.
    assertThat(eval("{\"op\": \"<\", \"args\": [\"\\uFFFD\", \"\\uD83D\\uDE00\"]}")).isTrue();
    assertThat(eval("{\"op\": \"<\", \"args\": [\"ab\", \"b\"]}")).isTrue();
    assertThat(eval("{\"op\": \">=\", \"args\": [\"ab\", \"a\"]}")).isTrue();
  }

  @Test
  void in_is_list_membership_or_a_map_key() {
    assertThat(eval("{\"op\": \"in\", \"args\": [2, [1, 2.0]]}")).isTrue();
    assertThat(eval("{\"op\": \"in\", \"args\": [\"eu\", {\"eu\": 1}]}")).isTrue();
    assertThat(eval("{\"op\": \"in\", \"args\": [\"us\", {\"eu\": 1}]}")).isFalse();
  }

  @Test
  void len_counts_code_points_elements_and_entries() {
    assertThat(
            eval(
                "{\"op\": \"==\", \"args\": [{\"op\": \"len\", \"args\": [\"a\\uD83D\\uDE00\"]}, 2]}"))
        .isTrue();
    assertThat(eval("{\"op\": \"==\", \"args\": [{\"op\": \"len\", \"args\": [{\"a\": 1}]}, 1]}"))
        .isTrue();
  }

  @Test
  void and_and_or_stop_at_the_argument_that_decides() {
    assertThat(eval("{\"op\": \"||\", \"args\": [true, {\"op\": \"len\", \"args\": [3]}]}"))
        .isTrue();
    assertThat(eval("{\"op\": \"&&\", \"args\": [false, {\"op\": \"len\", \"args\": [3]}]}"))
        .isFalse();
    assertThat(eval("{\"op\": \"&&\", \"args\": [true, true, {\"op\": \"!\", \"args\": [false]}]}"))
        .isTrue();
  }

  @Test
  void comparing_a_string_with_a_number_names_the_condition_and_the_values() {
    JsonNode when =
        WhenTree.op("<", ResultRefs.result("extract", List.of("count")), NODES.numberNode(10));

    assertThatThrownBy(
            () ->
                WhenEvaluator.evaluate(
                    when, Bindings.none().withResult("extract", json("{\"count\": \"ten\"}"))))
        .isInstanceOf(EvaluationException.class)
        .hasMessage(
            "when 'extract.result.count < 10': '<' compares two numbers or two strings, not a"
                + " string (\"ten\") and a number (10)");
  }

  @Test
  void a_condition_that_is_not_a_boolean_is_an_error() {
    assertThatThrownBy(() -> eval("{\"op\": \"len\", \"args\": [[1, 2]]}"))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("when 'len([1, 2])': the condition is a number (2), not a boolean");
    assertThatThrownBy(() -> eval("\"yes\""))
        .hasMessage("when '\"yes\"': the condition is a string (\"yes\"), not a boolean");
  }

  @Test
  void len_of_a_number_and_in_of_a_string_are_errors() {
    assertThatThrownBy(
            () -> eval("{\"op\": \"==\", \"args\": [{\"op\": \"len\", \"args\": [3]}, 1]}"))
        .hasMessage("when 'len(3) == 1': 'len' counts a string, a list or a map, not a number (3)");
    assertThatThrownBy(() -> eval("{\"op\": \"in\", \"args\": [\"a\", \"abc\"]}"))
        .hasMessage(
            "when '\"a\" in \"abc\"': 'in' looks in a list or a map, not a string (\"abc\")");
    assertThatThrownBy(() -> eval("{\"op\": \"in\", \"args\": [1, {\"a\": 1}]}"))
        .hasMessage("when '1 in {a: 1}': 'in' a map looks for a string key, not a number (1)");
  }

  @Test
  void a_non_boolean_operand_of_a_logical_operator_is_an_error() {
    assertThatThrownBy(() -> eval("{\"op\": \"!\", \"args\": [null]}"))
        .hasMessage("when '!null': '!' takes booleans, but 'null' is null (null)");
  }

  @Test
  void a_missing_field_is_an_error_naming_the_reference() {
    JsonNode when = WhenTree.op("==", Values.item(List.of("region")), NODES.textNode("eu"));
    Each each = new Each(NODES.arrayNode(), "file", null, 10);

    assertThatThrownBy(
            () ->
                WhenEvaluator.evaluate(
                    when, Bindings.none().withItem(each, 0, json("{\"path\": \"a\"}"))))
        .isInstanceOf(EvaluationException.class)
        .hasMessage(
            "when 'file.region == \"eu\"': file.region: the item has no field 'region' (it is"
                + " {\"path\":\"a\"})");
  }

  @Test
  void items_indexes_and_run_values_are_operands() {
    Each each = new Each(NODES.arrayNode(), "file", "i", 10);
    JsonNode when =
        WhenTree.op(
            "&&",
            WhenTree.op("<", Values.index(), NODES.numberNode(2)),
            WhenTree.op("==", Values.run("pipeline"), NODES.textNode("etl")),
            WhenTree.op("in", Values.item(List.of()), NODES.arrayNode().add("a").add("b")));
    Bindings bindings =
        Bindings.none()
            .withRun(new RunValues(1, "etl", Instant.EPOCH, null, null))
            .withItem(each, 1, NODES.textNode("b"));

    assertThat(WhenEvaluator.evaluate(when, bindings)).isTrue();
    assertThat(WhenEvaluator.evaluate(when, bindings.withItem(each, 2, NODES.textNode("b"))))
        .isFalse();
  }

  @Test
  void a_literal_map_with_an_op_key_is_a_value_not_an_operator() {
    JsonNode when =
        WhenTree.op(
            "==",
            Values.literal(json("{\"op\": \"x\", \"args\": []}")),
            Values.literal(json("{\"op\": \"x\", \"args\": []}")));

    assertThat(WhenEvaluator.evaluate(when, Bindings.none())).isTrue();
  }

  @Test
  void a_malformed_tree_is_still_the_evaluators_own_error() {
    assertThatThrownBy(() -> eval("{\"op\": \"<>\", \"args\": [1, 2]}"))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("unknown operator '<>'");
    assertThatThrownBy(() -> eval("{\"op\": \"!\", \"args\": []}"))
        .isInstanceOf(EvaluationException.class);
  }

  @Test
  void render_writes_the_condition_as_the_file_would() {
    JsonNode when =
        json(
            """
            {"op": "||", "args": [
              {"op": "!", "args": [{"op": "==", "args": [{"$state": "load"}, "complete"]}]},
              {"op": "&&", "args": [{"op": "||", "args": [true, false]}, {"$run": "key"}]},
              {"op": "in", "args": [{"$item": ["a", 0]}, [{"$index": true}, {"$$k": "v"}]]},
              {"$format": ["x ${", {"$result": "s", "path": []}, "\\""]}
            ]}
            """);

    assertThat(WhenTree.render(when, new Each(NODES.arrayNode(), "f", "n", 10)))
        .isEqualTo(
            "!(load.state == \"complete\") || (true || false) && run.key || f.a[0] in [n, {\"$k\":"
                + " \"v\"}] || \"x ${${s.result}\\\"\"");
  }
}
