package dev.flowc.runtime.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.flowc.dag.ResultRefs;
import dev.flowc.runtime.NonRetryableException;
import java.util.Iterator;
import java.util.Map;

/**
 * Replaces the result references of a job's input with the results of its dependencies, and
 * restores user keys that begin with {@code $} (see {@link ResultRefs}).
 */
final class ResultResolver {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String LITERAL = "$literal";

  private ResultResolver() {}

  /** Whether the stored input text can hold a reference or an escaped key at all. */
  static boolean mayNeedResolving(String inputJson) {
    return inputJson.contains("\"$");
  }

  static JsonNode resolve(JsonNode value, Map<String, JsonNode> results) {
    if (ResultRefs.isResult(value)) {
      return select(value, results);
    }
    if (value.isObject() && value.size() == 1 && value.has(LITERAL)) {
      // A value put in as it is (an item's element that looks like an operator): its own keys are
      // user keys, its values resolve as usual.
      JsonNode inner = value.get(LITERAL);
      if (inner.isObject()) {
        ObjectNode copy = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = inner.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          copy.set(ResultRefs.unescapeKey(field.getKey()), resolve(field.getValue(), results));
        }
        return copy;
      }
      return resolve(inner, results);
    }
    if (ResultRefs.isFormat(value)) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : value.get(ResultRefs.FORMAT)) {
        JsonNode resolved = resolve(part, results);
        text.append(resolved.isTextual() ? resolved.textValue() : resolved.toString());
      }
      return TextNode.valueOf(text.toString());
    }
    if (value.isObject()) {
      ObjectNode copy = NODES.objectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        copy.set(ResultRefs.unescapeKey(field.getKey()), resolve(field.getValue(), results));
      }
      return copy;
    }
    if (value.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      for (JsonNode element : value) {
        copy.add(resolve(element, results));
      }
      return copy;
    }
    return value;
  }

  private static JsonNode select(JsonNode reference, Map<String, JsonNode> results) {
    String stage = reference.get(ResultRefs.RESULT).asText();
    JsonNode current = results.get(stage);
    if (current == null) {
      throw new NonRetryableException(
          "the input refers to the result of '%s', which is not a dependency of this job"
              .formatted(stage));
    }
    if (current.isMissingNode()) {
      throw new NonRetryableException(
          ("the input refers to the result of '%s', which did not complete: a job that reads a"
                  + " stage's state runs however it ended, and has its result only when it"
                  + " completed")
              .formatted(stage));
    }
    StringBuilder where = new StringBuilder(stage);
    JsonNode path = reference.path(ResultRefs.PATH);
    for (JsonNode element : path) {
      JsonNode next;
      if (element.isInt()) {
        next = current.isArray() ? current.get(element.intValue()) : null;
        where.append('[').append(element.intValue()).append(']');
      } else {
        next = current.isObject() ? current.get(element.asText()) : null;
        where.append('.').append(element.asText());
      }
      if (next == null) {
        throw new NonRetryableException(
            "the input refers to $result %s, but the result of '%s' has no such %s (it is %s)"
                .formatted(
                    where,
                    stage,
                    element.isInt() ? "index" : "field",
                    abbreviate(current.toString())));
      }
      current = next;
    }
    return current;
  }

  private static String abbreviate(String json) {
    return json.length() <= 80 ? json : json.substring(0, 77) + "...";
  }
}
