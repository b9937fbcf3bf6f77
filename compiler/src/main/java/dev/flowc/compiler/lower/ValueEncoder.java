package dev.flowc.compiler.lower;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.compiler.ast.BoolValue;
import dev.flowc.compiler.ast.Condition;
import dev.flowc.compiler.ast.DurationValue;
import dev.flowc.compiler.ast.FloatValue;
import dev.flowc.compiler.ast.IndexRef;
import dev.flowc.compiler.ast.IntValue;
import dev.flowc.compiler.ast.ItemRef;
import dev.flowc.compiler.ast.ListValue;
import dev.flowc.compiler.ast.MapValue;
import dev.flowc.compiler.ast.NullValue;
import dev.flowc.compiler.ast.ParamRef;
import dev.flowc.compiler.ast.Reference;
import dev.flowc.compiler.ast.ResultRef;
import dev.flowc.compiler.ast.RunRef;
import dev.flowc.compiler.ast.StateRef;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import dev.flowc.dag.ResultRefs;
import dev.flowc.dag.Values;
import dev.flowc.dag.WhenTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes checked values as IR JSON: params substituted, durations in milliseconds, result
 * references as {@code $result}, loop variables as {@code $item} and {@code $index}, run values as
 * {@code $run}, states as {@code $state}, strings that interpolate any of these as {@code $format},
 * user keys that begin with {@code $} escaped, and {@code when} conditions as trees.
 */
final class ValueEncoder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, BoundParam> params;

  ValueEncoder(Map<String, BoundParam> params) {
    this.params = params;
  }

  /** A constant (a param default) as IR JSON. */
  static JsonNode constant(Value value) {
    return new ValueEncoder(Map.of()).encode(value);
  }

  JsonNode encode(Value value) {
    if (value instanceof StringValue string) {
      return string(string);
    }
    if (value instanceof IntValue i) {
      return NODES.numberNode(i.value());
    }
    if (value instanceof FloatValue f) {
      return NODES.numberNode(f.value());
    }
    if (value instanceof DurationValue d) {
      return NODES.numberNode(d.millis());
    }
    if (value instanceof BoolValue b) {
      return NODES.booleanNode(b.value());
    }
    if (value instanceof NullValue) {
      return NODES.nullNode();
    }
    if (value instanceof ListValue list) {
      ArrayNode array = NODES.arrayNode();
      list.items().forEach(item -> array.add(encode(item)));
      return array;
    }
    if (value instanceof MapValue map) {
      ObjectNode object = NODES.objectNode();
      map.entries()
          .forEach(
              entry -> object.set(ResultRefs.escapeKey(entry.key().text()), encode(entry.value())));
      return object;
    }
    if (value instanceof ParamRef ref) {
      return param(ref).value().deepCopy();
    }
    if (value instanceof ResultRef ref) {
      return result(ref);
    }
    if (value instanceof ItemRef
        || value instanceof IndexRef
        || value instanceof RunRef
        || value instanceof StateRef) {
      return leaf((Reference) value);
    }
    throw new IllegalStateException("a checked pipeline has no " + value.kind() + " to lower");
  }

  private JsonNode string(StringValue string) {
    List<JsonNode> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (StringValue.Part part : string.parts()) {
      if (part instanceof StringValue.Text literal) {
        text.append(literal.text());
      } else if (((StringValue.Interpolation) part).reference() instanceof ParamRef ref) {
        text.append(param(ref).asText());
      } else {
        if (!text.isEmpty()) {
          parts.add(NODES.textNode(text.toString()));
          text.setLength(0);
        }
        Reference reference = ((StringValue.Interpolation) part).reference();
        parts.add(reference instanceof ResultRef ref ? result(ref) : leaf(reference));
      }
    }
    if (parts.isEmpty()) {
      return NODES.textNode(text.toString());
    }
    if (!text.isEmpty()) {
      parts.add(NODES.textNode(text.toString()));
    }
    return ResultRefs.format(parts);
  }

  /** A {@code when} condition as a {@link WhenTree}. */
  JsonNode condition(Condition condition) {
    if (condition instanceof Condition.Logical logical) {
      List<JsonNode> operands = new ArrayList<>();
      logical.operands().forEach(operand -> operands.add(condition(operand)));
      return WhenTree.op(logical.operator(), operands);
    }
    if (condition instanceof Condition.Not not) {
      return WhenTree.op(WhenTree.NOT, condition(not.operand()));
    }
    if (condition instanceof Condition.Compare compare) {
      return WhenTree.op(compare.operator(), condition(compare.left()), condition(compare.right()));
    }
    if (condition instanceof Condition.Len len) {
      return WhenTree.op(WhenTree.LEN, condition(len.argument()));
    }
    JsonNode operand = encode(((Condition.Operand) condition).value());
    // A map with an 'op' key would read as an operator.
    return operand.isObject() && operand.has(WhenTree.OP) && !Values.isLeaf(operand)
        ? Values.literal(operand)
        : operand;
  }

  /** The loop variables, run values and states as the IR's leaves. */
  private static JsonNode leaf(Reference reference) {
    if (reference instanceof ItemRef item) {
      return Values.item(path(item.path()));
    }
    if (reference instanceof IndexRef) {
      return Values.index();
    }
    if (reference instanceof RunRef run) {
      return Values.run(run.name().text());
    }
    if (reference instanceof StateRef state) {
      return Values.state(state.stage().text());
    }
    throw new IllegalStateException("a checked pipeline has no " + reference.kind() + " to lower");
  }

  private static List<Object> path(List<ResultRef.PathElement> elements) {
    List<Object> path = new ArrayList<>();
    for (ResultRef.PathElement element : elements) {
      path.add(
          element instanceof ResultRef.Field field
              ? field.name()
              : (Object) ((ResultRef.Index) element).index());
    }
    return path;
  }

  private BoundParam param(ParamRef ref) {
    BoundParam bound = params.get(ref.name().text());
    if (bound == null) {
      throw new IllegalStateException("param '" + ref.name().text() + "' is not bound");
    }
    return bound;
  }

  private static JsonNode result(ResultRef ref) {
    return ResultRefs.result(ref.stage().text(), path(ref.path()));
  }

  /** A copy of user JSON with every key that begins with {@code $} escaped, at any depth. */
  static JsonNode escapeKeys(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = NODES.objectNode();
      node.properties()
          .forEach(e -> object.set(ResultRefs.escapeKey(e.getKey()), escapeKeys(e.getValue())));
      return object;
    }
    if (node.isArray()) {
      ArrayNode array = NODES.arrayNode();
      node.forEach(element -> array.add(escapeKeys(element)));
      return array;
    }
    return node.deepCopy();
  }
}
