package dev.flowc.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Each EACH = new Each(NODES.arrayNode(), "file", "i", 100);
  private static final RunValues RUN =
      new RunValues(
          7, "etl", Instant.parse("2026-12-07T04:00:00Z"), null, "schedule:nightly:2026-12-07");

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void resolve_replaces_every_leaf_and_restores_user_keys() {
    JsonNode input =
        json(
            """
            {"path": {"$item": ["path"]}, "i": {"$index": true}, "run": {"$run": "id"},
             "rows": {"$result": "extract", "path": ["rows", 1]}, "$$raw": 1,
             "title": {"$format": ["file ", {"$item": ["path"]}, " of run ", {"$run": "id"}]}}
            """);
    Bindings bindings =
        Bindings.none()
            .withRun(RUN)
            .withItem(EACH, 3, json("{\"path\": \"a.csv\"}"))
            .withResult("extract", json("{\"rows\": [10, 20]}"));

    assertThat(Values.resolve(input, bindings).toString())
        .isEqualTo(
            json("""
                {"path": "a.csv", "i": 3, "run": 7, "rows": 20, "$raw": 1,
                 "title": "file a.csv of run 7"}
                """)
                .toString());
  }

  @Test
  void run_values_are_numbers_rfc_3339_strings_and_nulls() {
    assertThat(RUN.value("id")).isEqualTo(NODES.numberNode(7L));
    assertThat(RUN.value("pipeline").textValue()).isEqualTo("etl");
    assertThat(RUN.value("submitted_at").textValue()).isEqualTo("2026-12-07T04:00:00Z");
    assertThat(RUN.value("scheduled_at").isNull()).isTrue();
    assertThat(RUN.value("key").textValue()).isEqualTo("schedule:nightly:2026-12-07");
  }

  @Test
  void substitute_fills_what_is_known_and_keeps_the_rest_in_ir_form() {
    JsonNode input =
        json(
            """
            {"path": {"$item": ["path"]}, "rows": {"$result": "extract", "path": []},
             "$$raw": {"$run": "pipeline"},
             "title": {"$format": ["file ", {"$item": ["path"]}, " rows ", {"$result": "extract", "path": []}]}}
            """);
    Bindings bindings = Bindings.none().withRun(RUN).withItem(EACH, 0, json("{\"path\": \"a\"}"));

    assertThat(Values.substitute(input, bindings))
        .isEqualTo(
            json(
                """
                {"path": "a", "rows": {"$result": "extract", "path": []}, "$$raw": "etl",
                 "title": {"$format": ["file a rows ", {"$result": "extract", "path": []}]}}
                """));
  }

  @Test
  void substitute_escapes_values_it_puts_in_so_user_data_is_never_a_leaf() {
    JsonNode element = json("{\"$result\": \"x\", \"op\": \"==\", \"$$y\": 1}");
    Bindings bindings = Bindings.none().withItem(EACH, 0, element);

    JsonNode stored = Values.substitute(Values.item(List.of()), bindings);

    assertThat(stored)
        .isEqualTo(json("{\"$literal\": {\"$$result\": \"x\", \"op\": \"==\", \"$$$y\": 1}}"));
    assertThat(Values.resolve(stored, Bindings.none())).isEqualTo(element);
  }

  @Test
  void substitute_then_resolve_equals_resolve_at_once() {
    JsonNode input =
        json(
            """
            {"a": [{"$item": []}, {"$index": true}], "b": {"$format": [{"$run": "id"}, "-", {"$result": "s", "path": ["k"]}]}}
            """);
    Bindings early = Bindings.none().withRun(RUN).withItem(EACH, 2, json("[1, {\"$k\": 2}]"));
    Bindings late = Bindings.none().withResult("s", json("{\"k\": \"v\"}"));
    Bindings all = early.withResult("s", json("{\"k\": \"v\"}"));

    assertThat(Values.resolve(Values.substitute(input, early), late))
        .isEqualTo(Values.resolve(input, all));
  }

  @Test
  void a_plain_value_resolves_to_itself_without_a_copy() {
    JsonNode plain = json("{\"a\": [1, {\"b\": \"c\"}]}");

    assertThat(Values.needsResolving(plain)).isFalse();
    assertThat(Values.resolve(plain, Bindings.none())).isSameAs(plain);
    assertThat(Values.needsResolving(json("{\"$$a\": 1}"))).isTrue();
  }

  @Test
  void a_missing_field_names_the_reference_as_the_file_writes_it() {
    JsonNode ref = ResultRefs.result("extract", List.of("rows", 0, "id"));
    Bindings bindings = Bindings.none().withResult("extract", json("{\"rows\": [{\"name\": 1}]}"));

    assertThatThrownBy(() -> Values.resolve(ref, bindings))
        .isInstanceOf(EvaluationException.class)
        .hasMessage(
            "extract.result.rows[0].id: 'extract.result.rows[0]' has no field 'id' (it is"
                + " {\"name\":1})");
    assertThatThrownBy(() -> Values.resolve(ResultRefs.result("extract", List.of("x")), bindings))
        .hasMessage(
            "extract.result.x: the result of 'extract' has no field 'x' (it is"
                + " {\"rows\":[{\"name\":1}]})");
  }

  @Test
  void a_missing_item_field_uses_the_loop_variable_name() {
    Bindings bindings = Bindings.none().withItem(EACH, 0, json("\"a.csv\""));

    assertThatThrownBy(() -> Values.resolve(Values.item(List.of("path")), bindings))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("file.path: the item has no field 'path' (it is a string, \"a.csv\")");
  }

  @Test
  void reading_the_result_of_a_stage_that_did_not_complete_says_its_state() {
    Bindings bindings = Bindings.none().withState("load", FinalState.DEAD);

    assertThatThrownBy(() -> Values.resolve(ResultRefs.result("load", List.of("n")), bindings))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("load.result.n: 'load' did not complete (it is dead), so it has no result");
  }

  @Test
  void an_unbound_leaf_is_an_evaluation_error_when_resolving() {
    assertThatThrownBy(() -> Values.resolve(Values.run("id"), Bindings.none()))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("run.id is not known here");
    assertThat(Values.substitute(Values.run("id"), Bindings.none())).isEqualTo(Values.run("id"));
  }

  @Test
  void states_resolve_to_their_names() {
    Bindings bindings = Bindings.none().withState("load", FinalState.CANCELLED);

    assertThat(Values.resolve(Values.state("load"), bindings).textValue()).isEqualTo("cancelled");
    assertThat(FinalState.fromText("skipped")).isEqualTo(FinalState.SKIPPED);
    assertThat(FinalState.fromText("running")).isNull();
  }

  @Test
  void the_elements_of_a_fan_out_are_its_list_resolved() {
    Each each = Each.over(ResultRefs.result("list", List.of("files")), "file");
    Bindings bindings = Bindings.none().withResult("list", json("{\"files\": [\"a\", \"b\"]}"));

    assertThat(each.elements(bindings).toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(Each.over(json("[1, {\"$$k\": 2}]"), "x").elements(Bindings.none()).toString())
        .isEqualTo("[1,{\"$k\":2}]");
  }

  @Test
  void a_fan_out_over_something_not_a_list_names_the_reference_and_the_type() {
    Each each = Each.over(ResultRefs.result("list", List.of("files")), "file");
    Bindings bindings = Bindings.none().withResult("list", json("{\"files\": {\"a\": 1}}"));

    assertThatThrownBy(() -> each.elements(bindings))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("for file in list.result.files: the value is a map ({\"a\":1}), not a list");
  }

  @Test
  void a_fan_out_over_more_than_max_items_is_an_error() {
    Each each = new Each(ResultRefs.result("list", List.of()), "x", null, 2);
    Bindings bindings = Bindings.none().withResult("list", json("[1, 2, 3]"));

    assertThatThrownBy(() -> each.elements(bindings))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("for x in list.result: the list has 3 elements, more than max_items 2");
  }
}
