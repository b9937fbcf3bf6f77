package dev.flowc.dag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Iterator;
import java.util.Map;

/**
 * Evaluates the {@code when} condition of a job (see {@link WhenTree}) against what is known when
 * the job would become ready.
 *
 * <p>Values are JSON values. {@code ==} and {@code !=} compare any two values, numbers by value
 * ({@code 1 == 1.0}), lists and maps element by element; {@code < <= > >=} compare two numbers, or
 * two strings by Unicode code point; {@code a in b} is membership in the list {@code b} (by {@code
 * ==}) or, when {@code b} is a map, whether the string {@code a} is one of its keys; {@code len}
 * counts a string's code points, a list's elements or a map's entries; {@code ||} and {@code &&}
 * take booleans and stop at the first argument that decides; {@code !} takes a boolean. The
 * condition must give a boolean. Anything else is an {@link EvaluationException} whose message
 * names the condition as the file writes it and the values involved; the evaluator throws nothing
 * else, whatever the tree and the bindings.
 */
public final class WhenEvaluator {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonNode when;
  private final Bindings bindings;

  private WhenEvaluator(JsonNode when, Bindings bindings) {
    this.when = when;
    this.bindings = bindings;
  }

  /**
   * Whether the job runs ({@code true}) or is skipped ({@code false}).
   *
   * @param when the job's {@code when} tree ({@link JobSpec#when()})
   * @param bindings the results of the job's completed dependencies, the final states of those in
   *     its {@code waits_for_final}, the run's values, and for an item its element and index (see
   *     {@link Bindings})
   * @throws EvaluationException when the condition cannot be evaluated; its message starts with
   *     {@code when 'CONDITION': }
   */
  public static boolean evaluate(JsonNode when, Bindings bindings) {
    WhenEvaluator evaluator = new WhenEvaluator(when, bindings);
    JsonNode value;
    try {
      value = evaluator.value(when);
    } catch (EvaluationException e) {
      throw evaluator.failure(e.getMessage());
    } catch (RuntimeException e) {
      // A malformed tree (a plan not made by flowc): still the evaluator's own error.
      throw evaluator.failure("the condition is malformed: " + e);
    }
    if (!value.isBoolean()) {
      throw evaluator.failure(
          "the condition is %s (%s), not a boolean"
              .formatted(Values.typeOf(value), Values.shown(value)));
    }
    return value.booleanValue();
  }

  private EvaluationException failure(String reason) {
    return new EvaluationException(
        "when '%s': %s".formatted(WhenTree.render(when, bindings.item()), reason));
  }

  private JsonNode value(JsonNode node) {
    if (!WhenTree.isOperator(node)) {
      return Values.resolve(node, bindings);
    }
    String op = node.get(WhenTree.OP).asText();
    JsonNode args = node.get(WhenTree.ARGS);
    if (args == null || !args.isArray() || args.isEmpty()) {
      throw new EvaluationException("operator '%s' has no arguments".formatted(op));
    }
    switch (op) {
      case WhenTree.OR, WhenTree.AND -> {
        boolean stopAt = op.equals(WhenTree.OR);
        for (JsonNode arg : args) {
          if (bool(op, arg) == stopAt) {
            return BooleanNode.valueOf(stopAt);
          }
        }
        return BooleanNode.valueOf(!stopAt);
      }
      case WhenTree.NOT -> {
        return BooleanNode.valueOf(!bool(op, one(op, args)));
      }
      case WhenTree.LEN -> {
        return NODES.numberNode(length(value(one(op, args))));
      }
      default -> {
        if (args.size() != 2) {
          throw new EvaluationException(
              "operator '%s' takes 2 arguments, not %d".formatted(op, args.size()));
        }
        return BooleanNode.valueOf(compare(op, args.get(0), args.get(1)));
      }
    }
  }

  private static JsonNode one(String op, JsonNode args) {
    if (args.size() != 1) {
      throw new EvaluationException(
          "operator '%s' takes 1 argument, not %d".formatted(op, args.size()));
    }
    return args.get(0);
  }

  private boolean bool(String op, JsonNode arg) {
    JsonNode value = value(arg);
    if (!value.isBoolean()) {
      throw new EvaluationException(
          "'%s' takes booleans, but '%s' is %s (%s)"
              .formatted(
                  op,
                  WhenTree.render(arg, bindings.item()),
                  Values.typeOf(value),
                  Values.shown(value)));
    }
    return value.booleanValue();
  }

  private static int length(JsonNode value) {
    if (value.isTextual()) {
      String text = value.textValue();
      return text.codePointCount(0, text.length());
    }
    if (value.isArray() || value.isObject()) {
      return value.size();
    }
    throw new EvaluationException(
        "'len' counts a string, a list or a map, not %s (%s)"
            .formatted(Values.typeOf(value), Values.shown(value)));
  }

  private boolean compare(String op, JsonNode leftNode, JsonNode rightNode) {
    JsonNode left = value(leftNode);
    JsonNode right = value(rightNode);
    switch (op) {
      case WhenTree.EQ:
        return same(left, right);
      case WhenTree.NE:
        return !same(left, right);
      case WhenTree.IN:
        return contains(right, left);
      case WhenTree.LT:
      case WhenTree.LE:
      case WhenTree.GT:
      case WhenTree.GE:
        int order = order(op, left, right);
        return switch (op) {
          case WhenTree.LT -> order < 0;
          case WhenTree.LE -> order <= 0;
          case WhenTree.GT -> order > 0;
          default -> order >= 0;
        };
      default:
        throw new EvaluationException(
            "unknown operator '%s' (the operators are %s)".formatted(op, WhenTree.OPERATORS));
    }
  }

  private static boolean contains(JsonNode container, JsonNode element) {
    if (container.isArray()) {
      for (JsonNode candidate : container) {
        if (same(candidate, element)) {
          return true;
        }
      }
      return false;
    }
    if (container.isObject()) {
      if (!element.isTextual()) {
        throw new EvaluationException(
            "'in' a map looks for a string key, not %s (%s)"
                .formatted(Values.typeOf(element), Values.shown(element)));
      }
      return container.has(element.textValue());
    }
    throw new EvaluationException(
        "'in' looks in a list or a map, not %s (%s)"
            .formatted(Values.typeOf(container), Values.shown(container)));
  }

  private static int order(String op, JsonNode left, JsonNode right) {
    if (left.isNumber() && right.isNumber()) {
      return compareNumbers(left, right);
    }
    if (left.isTextual() && right.isTextual()) {
      return compareCodePoints(left.textValue(), right.textValue());
    }
    throw new EvaluationException(
        "'%s' compares two numbers or two strings, not %s (%s) and %s (%s)"
            .formatted(
                op,
                Values.typeOf(left),
                Values.shown(left),
                Values.typeOf(right),
                Values.shown(right)));
  }

  /** JSON equality, numbers by value at every depth. */
  static boolean same(JsonNode left, JsonNode right) {
    if (left.isNumber() && right.isNumber()) {
      return compareNumbers(left, right) == 0;
    }
    if (left.isArray() && right.isArray()) {
      if (left.size() != right.size()) {
        return false;
      }
      for (int i = 0; i < left.size(); i++) {
        if (!same(left.get(i), right.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (left.isObject() && right.isObject()) {
      if (left.size() != right.size()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = left.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode other = right.get(field.getKey());
        if (other == null || !same(field.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (left.isTextual() && right.isTextual()) {
      return left.textValue().equals(right.textValue());
    }
    if (left.isBoolean() && right.isBoolean()) {
      return left.booleanValue() == right.booleanValue();
    }
    return left.isNull() && right.isNull();
  }

  private static int compareNumbers(JsonNode left, JsonNode right) {
    if (left.isIntegralNumber() && right.isIntegralNumber()) {
      return left.bigIntegerValue().compareTo(right.bigIntegerValue());
    }
    if (isFinite(left) && isFinite(right)) {
      return left.decimalValue().compareTo(right.decimalValue());
    }
    // NaN and infinities have no BigDecimal; JSON has neither, but a Java-made value might.
    return Double.compare(left.doubleValue(), right.doubleValue());
  }

  private static boolean isFinite(JsonNode number) {
    return number.isIntegralNumber()
        || number.isBigDecimal()
        || Double.isFinite(number.doubleValue());
  }

  private static int compareCodePoints(String left, String right) {
    int i = 0;
    int j = 0;
    while (i < left.length() && j < right.length()) {
      int a = left.codePointAt(i);
      int b = right.codePointAt(j);
      if (a != b) {
        return Integer.compare(a, b);
      }
      i += Character.charCount(a);
      j += Character.charCount(b);
    }
    return Boolean.compare(i < left.length(), j < right.length());
  }
}
