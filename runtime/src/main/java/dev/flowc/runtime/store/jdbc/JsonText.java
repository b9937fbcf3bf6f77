package dev.flowc.runtime.store.jdbc;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;

/**
 * A JSON value's text, exactly as {@link JsonNode#toString} writes it, without Jackson's serializer
 * for the values jobs mostly carry: objects, arrays, strings, integers, booleans and null. A value
 * holding anything else (a floating-point or big number, binary, a Java object) is written by
 * Jackson, whole.
 *
 * <p>Every job's input is written when it is stored, and every result when its job completes: on
 * the user's path with {@code enqueueAll} (issue 10), Jackson's {@code toString} cost about 5 µs of
 * CPU per small object counting its JIT compilation, this about 1 µs.
 */
final class JsonText {
  private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

  private JsonText() {}

  /** The text of {@code node}, equal to {@code node.toString()}. */
  static String of(JsonNode node) {
    StringBuilder text = new StringBuilder(64);
    return append(text, node) ? text.toString() : node.toString();
  }

  /** Appends {@code node}'s text; false, with {@code text} partly written, when it cannot. */
  private static boolean append(StringBuilder text, JsonNode node) {
    // Exact classes only: a subclass may serialize itself otherwise.
    Class<?> type = node.getClass();
    if (type == ObjectNode.class) {
      text.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (!first) {
          text.append(',');
        }
        first = false;
        quoted(text, field.getKey());
        text.append(':');
        if (!append(text, field.getValue())) {
          return false;
        }
      }
      text.append('}');
      return true;
    }
    if (type == ArrayNode.class) {
      text.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          text.append(',');
        }
        if (!append(text, node.get(i))) {
          return false;
        }
      }
      text.append(']');
      return true;
    }
    if (type == TextNode.class) {
      quoted(text, node.textValue());
      return true;
    }
    if (type == IntNode.class || type == LongNode.class) {
      text.append(node.longValue());
      return true;
    }
    if (type == BooleanNode.class) {
      text.append(node.booleanValue());
      return true;
    }
    if (type == NullNode.class) {
      text.append("null");
      return true;
    }
    return false;
  }

  private static void quoted(StringBuilder text, String value) {
    text.append('"');
    STRINGS.quoteAsString(value, text);
    text.append('"');
  }
}
