package dev.flowc.dag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The encoding of references to other jobs' results inside a job's input.
 *
 * <ul>
 *   <li>{@code {"$result": STAGE, "path": [...]}} stands for the stored result of {@code STAGE},
 *       selected by the path: strings are fields, integers are list indexes.
 *   <li>{@code {"$format": ["text", {"$result": ...}, "more"]}} stands for a string: the parts
 *       joined, each reference rendered as text.
 *   <li>A user map key that begins with {@code $} is written with one more {@code $} in front, so
 *       user data can never be mistaken for a reference.
 * </ul>
 */
public final class ResultRefs {
  /** The key of a result reference; its value is the stage. */
  public static final String RESULT = "$result";

  /** The key of a result reference's path into the result: keys and indexes. */
  public static final String PATH = "path";

  /** The key of a string made of parts; its value is the list of parts. */
  public static final String FORMAT = "$format";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ResultRefs() {}

  /**
   * A reference to {@code stage}'s result.
   *
   * @param path field names ({@link String}) and list indexes ({@link Integer})
   */
  public static ObjectNode result(String stage, List<?> path) {
    ObjectNode ref = NODES.objectNode();
    ref.put(RESULT, stage);
    ArrayNode array = ref.putArray(PATH);
    for (Object element : path) {
      if (element instanceof String field) {
        array.add(field);
      } else if (element instanceof Integer index) {
        array.add(index);
      } else {
        throw new IllegalArgumentException("a path element is a String or an Integer: " + element);
      }
    }
    return ref;
  }

  /** A string made of literal text and references, in order. */
  public static ObjectNode format(List<JsonNode> parts) {
    ObjectNode format = NODES.objectNode();
    format.putArray(FORMAT).addAll(parts);
    return format;
  }

  /** The key as written in the IR: a key that begins with {@code $} gets one more. */
  public static String escapeKey(String key) {
    return key.startsWith("$") ? "$" + key : key;
  }

  /** The user's key from an IR key written by {@link #escapeKey}. */
  public static String unescapeKey(String key) {
    return key.startsWith("$$") ? key.substring(1) : key;
  }

  /** Whether {@code node} is a result reference. */
  public static boolean isResult(JsonNode node) {
    return node.isObject() && node.has(RESULT);
  }

  /** Whether {@code node} is a format. */
  public static boolean isFormat(JsonNode node) {
    return node.isObject() && node.has(FORMAT);
  }

  /** The stages whose results {@code value} refers to, in order of first appearance. */
  public static Set<String> referencedStages(JsonNode value) {
    Set<String> stages = new LinkedHashSet<>();
    collect(value, stages);
    return stages;
  }

  private static void collect(JsonNode node, Set<String> stages) {
    if (isResult(node)) {
      stages.add(node.get(RESULT).asText());
      return;
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        collect(field.getValue(), stages);
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        collect(element, stages);
      }
    }
  }
}
