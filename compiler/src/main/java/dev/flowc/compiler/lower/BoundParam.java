package dev.flowc.compiler.lower;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.compiler.check.ParamType;
import dev.flowc.compiler.parse.Literals;
import dev.flowc.dag.ResultRefs;

/** A param's value for one compilation, as IR JSON (durations in milliseconds). */
record BoundParam(String name, ParamType type, JsonNode value) {
  /** The value as interpolation writes it into a string. */
  String asText() {
    if (value.isNull()) {
      return "null";
    }
    if (type == ParamType.DURATION && value.canConvertToLong()) {
      return Literals.formatDuration(value.asLong());
    }
    return value.isTextual() ? value.asText() : unescaped(value).toString();
  }

  /** The user's JSON: keys as the user wrote them, without the IR's extra '$'. */
  private static JsonNode unescaped(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.properties()
          .forEach(e -> copy.set(ResultRefs.unescapeKey(e.getKey()), unescaped(e.getValue())));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(unescaped(element)));
      return copy;
    }
    return node;
  }
}
