package dev.flowc.dag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Canonical copies of JSON values: integral numbers as longs (big integers when they do not fit)
 * and other numbers as doubles, whatever parser or code made them. Jackson compares number nodes by
 * type, so without this a plan read back from JSON or YAML would not equal the plan written.
 */
final class JsonValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonValues() {}

  static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = NODES.objectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        copy.set(field.getKey(), canonical(field.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      node.forEach(element -> copy.add(canonical(element)));
      return copy;
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong()
          ? NODES.numberNode(node.longValue())
          : NODES.numberNode(node.bigIntegerValue());
    }
    if (node.isNumber()) {
      return NODES.numberNode(node.doubleValue());
    }
    return node.deepCopy();
  }
}
