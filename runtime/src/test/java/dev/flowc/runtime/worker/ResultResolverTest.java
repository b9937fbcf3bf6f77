package dev.flowc.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.flowc.dag.Bindings;
import dev.flowc.dag.Each;
import dev.flowc.dag.Values;
import dev.flowc.runtime.NonRetryableException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultResolverTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void an_items_element_that_looks_like_an_operator_reaches_the_handler_as_it_was()
      throws Exception {
    // How an item's input is stored: the element put in by the IR's substitution, which wraps a
    // map with an "op" key and escapes keys that begin with '$'.
    JsonNode template = JSON.createObjectNode().set("task", Values.item(List.of()));
    JsonNode element = json("{'op': 'add', '$x': 1}");
    JsonNode stored =
        Values.substitute(
            template, Bindings.none().withItem(Each.over(json("[]"), "task"), 0, element));

    JsonNode resolved = ResultResolver.resolve(stored, Map.of());

    assertThat(resolved).isEqualTo(JSON.createObjectNode().set("task", element));
  }

  @Test
  void a_result_of_a_dependency_that_did_not_complete_fails_the_job_for_good() throws Exception {
    JsonNode input = json("{'last': {'$result': 'load', 'path': []}}");

    assertThatThrownBy(
            () -> ResultResolver.resolve(input, Map.of("load", MissingNode.getInstance())))
        .isInstanceOf(NonRetryableException.class)
        .hasMessageContaining("'load', which did not complete");
  }
}
