package dev.flowc.dag;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The fan-out of a stage ({@code stage NAME for VAR in LIST}): the stage runs once per element of
 * {@code over}, each element an item with its own job.
 *
 * @param over a literal JSON list, or a result reference ({@code {"$result": STAGE, "path":
 *     [...]}}, see {@link ResultRefs}) whose value must be a list when the items are made
 * @param var the loop variable's name, as written in the file (for messages); inside the stage's
 *     values the element is {@code {"$item": PATH}} (see {@link Values})
 * @param indexVar the index variable's name, or {@code null} when the file names none; inside the
 *     stage's values the index is {@code {"$index": true}}
 * @param maxItems the most items the stage may have, {@value #MIN_ITEMS}..{@value #MAX_ITEMS}; a
 *     longer list kills the stage
 */
public record Each(JsonNode over, String var, String indexVar, int maxItems) {
  /** The fewest items a stage may be limited to. */
  public static final int MIN_ITEMS = 1;

  /** The highest limit a stage may set. */
  public static final int MAX_ITEMS = 1_000_000;

  /** The limit when a stage sets none ({@code max_items}). */
  public static final int DEFAULT_MAX_ITEMS = 10_000;

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException when one breaks the IR's rules
   */
  public Each {
    Objects.requireNonNull(over, "over");
    Objects.requireNonNull(var, "var");
    if (!over.isArray() && !ResultRefs.isResult(over)) {
      throw new IllegalArgumentException(
          "each.over must be a list or a $result reference, not " + over.getNodeType());
    }
    if (var.isEmpty()) {
      throw new IllegalArgumentException("each.var must not be empty");
    }
    if (indexVar != null && (indexVar.isEmpty() || indexVar.equals(var))) {
      throw new IllegalArgumentException(
          "each.index_var must be a non-empty name other than the loop variable's");
    }
    if (maxItems < MIN_ITEMS || maxItems > MAX_ITEMS) {
      throw new IllegalArgumentException(
          "each.max_items %d is out of range %d..%d".formatted(maxItems, MIN_ITEMS, MAX_ITEMS));
    }
    over = JsonValues.canonical(over);
  }

  /** A fan-out over {@code over} with the default limit and no index variable. */
  public static Each over(JsonNode over, String var) {
    return new Each(over, var, null, DEFAULT_MAX_ITEMS);
  }

  /**
   * The elements to make items of: {@code over} resolved (see {@link Values#resolve}), in order.
   *
   * @param bindings the result of {@link #sourceStage()} (nothing is needed for a literal list)
   * @throws EvaluationException when {@code over} cannot be resolved, is not a list (the message
   *     names the reference and the type found), or has more than {@code maxItems} elements
   */
  public JsonNode elements(Bindings bindings) {
    JsonNode list = Values.resolve(over, bindings);
    String source = WhenTree.render(over, (Bindings.Item) null);
    if (!list.isArray()) {
      throw new EvaluationException(
          "for %s in %s: the value is %s (%s), not a list"
              .formatted(var, source, Values.typeOf(list), Values.shown(list)));
    }
    if (list.size() > maxItems) {
      throw new EvaluationException(
          "for %s in %s: the list has %,d elements, more than max_items %,d"
              .formatted(var, source, list.size(), maxItems));
    }
    return list;
  }

  /** The stage whose result the items come from, or {@code null} for a literal list. */
  public String sourceStage() {
    return ResultRefs.isResult(over) ? over.get(ResultRefs.RESULT).asText() : null;
  }
}
