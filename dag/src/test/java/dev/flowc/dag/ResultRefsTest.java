package dev.flowc.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultRefsTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void a_reference_has_its_stage_and_a_path_of_fields_and_indexes() {
    ObjectNode ref = ResultRefs.result("extract", List.of("rows", 0, "id"));

    assertThat(ref.toString()).isEqualTo("{\"$result\":\"extract\",\"path\":[\"rows\",0,\"id\"]}");
    assertThat(ResultRefs.isResult(ref)).isTrue();
    assertThat(ResultRefs.isFormat(ref)).isFalse();
    assertThatThrownBy(() -> ResultRefs.result("a", List.of(1.5)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keys_that_begin_with_a_dollar_get_one_more_and_lose_it_again() {
    assertThat(ResultRefs.escapeKey("$result")).isEqualTo("$$result");
    assertThat(ResultRefs.escapeKey("$$x")).isEqualTo("$$$x");
    assertThat(ResultRefs.escapeKey("plain")).isEqualTo("plain");
    assertThat(ResultRefs.unescapeKey("$$result")).isEqualTo("$result");
    assertThat(ResultRefs.unescapeKey("$$$x")).isEqualTo("$$x");
    assertThat(ResultRefs.unescapeKey("plain")).isEqualTo("plain");
  }

  @Test
  void referenced_stages_are_found_at_any_depth_in_order_of_appearance() {
    ObjectNode input = NODES.objectNode();
    input
        .putArray("list")
        .add(ResultRefs.result("b", List.of()))
        .add(ResultRefs.result("a", List.of()));
    input.set(
        "text", ResultRefs.format(List.of(NODES.textNode("x"), ResultRefs.result("c", List.of()))));
    input.putObject("nested").set("again", ResultRefs.result("b", List.of("f")));

    assertThat(ResultRefs.referencedStages(input)).containsExactly("b", "a", "c");
  }
}
