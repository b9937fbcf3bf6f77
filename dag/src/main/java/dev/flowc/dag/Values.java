package dev.flowc.dag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The leaves of a value in the IR that stand for something known only at run time, and their
 * resolution.
 *
 * <p>A value of a job ({@code input}, {@code metadata}, the operands of {@code when}) is plain JSON
 * except for these objects:
 *
 * <ul>
 *   <li>{@code {"$result": STAGE, "path": [...]}}: a dependency's result, selected by the path
 *       (strings are fields, integers list indexes); see {@link ResultRefs}.
 *   <li>{@code {"$item": [...]}}: the element of the item being run, selected by the path.
 *   <li>{@code {"$index": true}}: the item's 0-based index.
 *   <li>{@code {"$state": STAGE}}: a dependency's final state as a string ({@link FinalState});
 *       only in {@code when}.
 *   <li>{@code {"$run": NAME}}: a run value ({@link RunValues#NAMES}).
 *   <li>{@code {"$format": [parts]}}: a string, the parts joined (strings as they are, other values
 *       as JSON text).
 *   <li>{@code {"$literal": VALUE}}: stands for {@code VALUE} (a map that would otherwise read as
 *       an operator of {@code when}, see {@link WhenTree}).
 * </ul>
 *
 * A user map key that begins with {@code $} is written with one more {@code $} in front.
 *
 * <p>The runtime resolves in steps: {@link #substitute} fills what is known (run values when a job
 * is created, the element and index when items are made) and keeps the value in IR form, so it can
 * be stored and resolved later; {@link #resolve} replaces everything at once and gives the plain
 * JSON the handler receives, with user keys restored.
 */
public final class Values {
  /** The key of an item leaf; its value is the path into the element. */
  public static final String ITEM = "$item";

  /** The key of the index leaf; its value is {@code true}. */
  public static final String INDEX = "$index";

  /** The key of a state leaf; its value is the stage. */
  public static final String STATE = "$state";

  /** The key of a run-value leaf; its value is the name. */
  public static final String RUN = "$run";

  /** The key of a literal: its value is taken as a value, never as an operator. */
  public static final String LITERAL = "$literal";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_SHOWN = 80;

  private Values() {}

  /** The element of the item being run, selected by {@code path} (strings and integers). */
  public static ObjectNode item(List<?> path) {
    ObjectNode leaf = NODES.objectNode();
    leaf.set(ITEM, pathArray(path));
    return leaf;
  }

  /** The index of the item being run. */
  public static ObjectNode index() {
    ObjectNode leaf = NODES.objectNode();
    leaf.put(INDEX, true);
    return leaf;
  }

  /** The final state of {@code stage}. */
  public static ObjectNode state(String stage) {
    ObjectNode leaf = NODES.objectNode();
    leaf.put(STATE, stage);
    return leaf;
  }

  /** The run value {@code name}, one of {@link RunValues#NAMES}. */
  public static ObjectNode run(String name) {
    ObjectNode leaf = NODES.objectNode();
    leaf.put(RUN, name);
    return leaf;
  }

  /** {@code value} taken as it is; used for maps among the operands of {@code when}. */
  public static ObjectNode literal(JsonNode value) {
    ObjectNode leaf = NODES.objectNode();
    leaf.set(LITERAL, value);
    return leaf;
  }

  static ArrayNode pathArray(List<?> path) {
    ArrayNode array = NODES.arrayNode();
    for (Object element : path) {
      if (element instanceof String field) {
        array.add(field);
      } else if (element instanceof Integer index) {
        array.add(index);
      } else {
        throw new IllegalArgumentException("a path element is a String or an Integer: " + element);
      }
    }
    return array;
  }

  /** Whether {@code node} is one of the leaves above (not a plain value). */
  public static boolean isLeaf(JsonNode node) {
    return leafKind(node) != null;
  }

  static String leafKind(JsonNode node) {
    if (!node.isObject() || node.isEmpty()) {
      return null;
    }
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      switch (keys.next()) {
        case ResultRefs.RESULT:
          return ResultRefs.RESULT;
        case ResultRefs.FORMAT:
          return ResultRefs.FORMAT;
        case ITEM:
          return ITEM;
        case INDEX:
          return INDEX;
        case STATE:
          return STATE;
        case RUN:
          return RUN;
        case LITERAL:
          return LITERAL;
        default:
          break;
      }
    }
    return null;
  }

  /**
   * The plain JSON that {@code value} stands for: every leaf replaced from {@code bindings}, every
   * user key restored (see {@link ResultRefs#unescapeKey}). Parts of {@code value} without leaves
   * or escaped keys may be shared with it, not copied.
   *
   * @throws EvaluationException when a leaf is not bound, or a path selects something that is not
   *     there; the message names the reference as the file writes it
   */
  public static JsonNode resolve(JsonNode value, Bindings bindings) {
    return new Resolution(bindings, true).apply(value);
  }

  /**
   * {@code value} with the leaves that {@code bindings} knows replaced, still in IR form: the other
   * leaves stay, user keys stay escaped, and values put in are escaped so they are never taken for
   * leaves. A format whose parts are all known becomes a plain string.
   *
   * @throws EvaluationException when a bound leaf's path selects something that is not there
   */
  public static JsonNode substitute(JsonNode value, Bindings bindings) {
    return new Resolution(bindings, false).apply(value);
  }

  /**
   * Whether {@code value} holds a leaf or an escaped key, so that {@link #resolve} has work to do.
   * A plain value resolves to itself.
   */
  public static boolean needsResolving(JsonNode value) {
    if (value.isObject()) {
      if (isLeaf(value)) {
        return true;
      }
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        if (field.getKey().startsWith("$") || needsResolving(field.getValue())) {
          return true;
        }
      }
      return false;
    }
    if (value.isArray()) {
      for (JsonNode element : value) {
        if (needsResolving(element)) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code value} with every user key escaped: how a plain value is put into an IR value. */
  public static JsonNode escape(JsonNode value) {
    if (value.isObject()) {
      ObjectNode copy = NODES.objectNode();
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        copy.set(ResultRefs.escapeKey(field.getKey()), escape(field.getValue()));
      }
      // A map with an 'op' key would read as an operator among the operands of 'when'.
      return copy.has(WhenTree.OP) ? literal(copy) : copy;
    }
    if (value.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      for (JsonNode element : value) {
        copy.add(escape(element));
      }
      return copy;
    }
    return value;
  }

  /** {@code value} as text in a message: JSON, cut at 80 characters. */
  static String shown(JsonNode value) {
    String text = value.toString();
    return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN - 3) + "...";
  }

  /**
   * The JSON type of {@code value} in words: "a string", "a number", "a boolean", "a list", "a map"
   * or "null", as messages about values name it (the runtime's too).
   */
  public static String typeOf(JsonNode value) {
    if (value.isTextual()) {
      return "a string";
    }
    if (value.isNumber()) {
      return "a number";
    }
    if (value.isBoolean()) {
      return "a boolean";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isObject()) {
      return "a map";
    }
    return "null";
  }

  /** One walk over a value, full ({@code resolve}) or partial ({@code substitute}). */
  private static final class Resolution {
    private final Bindings bindings;
    private final boolean full;

    Resolution(Bindings bindings, boolean full) {
      this.bindings = bindings;
      this.full = full;
    }

    JsonNode apply(JsonNode value) {
      if (value.isObject()) {
        String kind = leafKind(value);
        if (kind != null) {
          return leaf(kind, value);
        }
        ObjectNode copy = null;
        for (Map.Entry<String, JsonNode> field : value.properties()) {
          String key = field.getKey();
          JsonNode resolved = apply(field.getValue());
          String newKey = full ? ResultRefs.unescapeKey(key) : key;
          if (copy == null && (resolved != field.getValue() || !newKey.equals(key))) {
            copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> earlier : value.properties()) {
              if (earlier.getKey().equals(key)) {
                break;
              }
              copy.set(
                  full ? ResultRefs.unescapeKey(earlier.getKey()) : earlier.getKey(),
                  earlier.getValue());
            }
          }
          if (copy != null) {
            copy.set(newKey, resolved);
          }
        }
        return copy == null ? value : copy;
      }
      if (value.isArray()) {
        ArrayNode copy = null;
        for (int i = 0; i < value.size(); i++) {
          JsonNode element = value.get(i);
          JsonNode resolved = apply(element);
          if (copy == null && resolved != element) {
            copy = NODES.arrayNode();
            for (int j = 0; j < i; j++) {
              copy.add(value.get(j));
            }
          }
          if (copy != null) {
            copy.add(resolved);
          }
        }
        return copy == null ? value : copy;
      }
      return value;
    }

    private JsonNode leaf(String kind, JsonNode leaf) {
      if (kind.equals(ResultRefs.FORMAT)) {
        return format(leaf);
      }
      if (kind.equals(LITERAL)) {
        return literal(leaf);
      }
      JsonNode known = known(kind, leaf);
      if (known == null) {
        return leaf;
      }
      return full ? known : escape(known);
    }

    /** The plain value of a leaf that selects something, or {@code null} when it is not bound. */
    private JsonNode known(String kind, JsonNode leaf) {
      JsonNode known =
          switch (kind) {
            case ResultRefs.RESULT -> result(leaf);
            case ITEM -> item(leaf);
            case INDEX ->
                bindings.item() == null ? null : NODES.numberNode(bindings.item().index());
            case STATE -> state(leaf);
            case RUN -> run(leaf);
            default -> throw new IllegalStateException(kind);
          };
      if (known == null && full) {
        throw new EvaluationException(
            "%s is not known here".formatted(WhenTree.render(leaf, bindings.item())));
      }
      return known;
    }

    private JsonNode literal(JsonNode leaf) {
      JsonNode inner = leaf.get(LITERAL);
      if (!full) {
        JsonNode substituted = apply(inner);
        return substituted == inner ? leaf : Values.literal(substituted);
      }
      // The literal's own top-level object is a map, never a leaf: resolve its entries only.
      if (inner.isObject()) {
        ObjectNode copy = NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : inner.properties()) {
          copy.set(ResultRefs.unescapeKey(field.getKey()), apply(field.getValue()));
        }
        return copy;
      }
      return apply(inner);
    }

    private JsonNode format(JsonNode leaf) {
      JsonNode parts = leaf.get(ResultRefs.FORMAT);
      if (!parts.isArray()) {
        throw new EvaluationException("a $format holds a list of parts, not " + shown(parts));
      }
      List<JsonNode> kept = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      boolean changed = false;
      for (JsonNode part : parts) {
        JsonNode plain;
        String kind = leafKind(part);
        if (part.isTextual()) {
          plain = part;
        } else if (kind == null) {
          plain = new Resolution(bindings, true).apply(part);
          changed = true;
        } else if (kind.equals(ResultRefs.FORMAT) || kind.equals(LITERAL)) {
          JsonNode inner = leaf(kind, part);
          plain = full || !isLeaf(inner) ? new Resolution(bindings, true).apply(inner) : null;
        } else {
          plain = known(kind, part);
        }
        if (plain == null) {
          if (!text.isEmpty()) {
            kept.add(TextNode.valueOf(text.toString()));
            text.setLength(0);
          }
          kept.add(part);
          continue;
        }
        if (plain != part) {
          changed = true;
        }
        text.append(plain.isTextual() ? plain.textValue() : plain.toString());
      }
      if (kept.isEmpty()) {
        return TextNode.valueOf(text.toString());
      }
      if (!changed) {
        return leaf;
      }
      if (!text.isEmpty()) {
        kept.add(TextNode.valueOf(text.toString()));
      }
      return ResultRefs.format(kept);
    }

    private JsonNode result(JsonNode leaf) {
      String stage = leaf.get(ResultRefs.RESULT).asText();
      JsonNode result = bindings.results().get(stage);
      if (result == null) {
        FinalState state = bindings.states().get(stage);
        if (full && state != null && state != FinalState.COMPLETE) {
          throw new EvaluationException(
              "%s: '%s' did not complete (it is %s), so it has no result"
                  .formatted(WhenTree.render(leaf, bindings.item()), stage, state.text()));
        }
        return null;
      }
      return select(leaf, result, leaf.path(ResultRefs.PATH), "the result of '" + stage + "'");
    }

    private JsonNode item(JsonNode leaf) {
      Bindings.Item item = bindings.item();
      if (item == null) {
        return null;
      }
      return select(leaf, item.element(), leaf.get(ITEM), "the item");
    }

    private JsonNode state(JsonNode leaf) {
      FinalState state = bindings.states().get(leaf.get(STATE).asText());
      return state == null ? null : TextNode.valueOf(state.text());
    }

    private JsonNode run(JsonNode leaf) {
      RunValues run = bindings.run();
      if (run == null) {
        return null;
      }
      String name = leaf.get(RUN).asText();
      if (!RunValues.NAMES.contains(name)) {
        throw new EvaluationException("there is no run value 'run.%s'".formatted(name));
      }
      return run.value(name);
    }

    private JsonNode select(JsonNode leaf, JsonNode start, JsonNode path, String what) {
      JsonNode current = start;
      if (!path.isArray()) {
        return current;
      }
      for (JsonNode element : path) {
        JsonNode next;
        if (element.isIntegralNumber()) {
          next = current.isArray() ? current.get(element.intValue()) : null;
        } else {
          next = current.isObject() ? current.get(element.asText()) : null;
        }
        if (next == null) {
          throw new EvaluationException(
              "%s: %s has no %s %s (%s)"
                  .formatted(
                      WhenTree.render(leaf, bindings.item()),
                      current == start ? what : "'" + pathBefore(leaf, element) + "'",
                      element.isIntegralNumber() ? "index" : "field",
                      element.isIntegralNumber() ? element.asText() : "'" + element.asText() + "'",
                      current.isArray() || current.isObject()
                          ? "it is " + shown(current)
                          : "it is " + typeOf(current) + ", " + shown(current)));
        }
        current = next;
      }
      return current;
    }

    private String pathBefore(JsonNode leaf, JsonNode stop) {
      ObjectNode shorter = leaf.deepCopy();
      String key = leaf.has(ITEM) ? ITEM : ResultRefs.PATH;
      ArrayNode path = NODES.arrayNode();
      for (JsonNode element : leaf.get(key)) {
        if (element == stop) {
          break;
        }
        path.add(element);
      }
      shorter.set(key, path);
      return WhenTree.render(shorter, bindings.item());
    }
  }
}
