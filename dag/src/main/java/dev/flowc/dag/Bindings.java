package dev.flowc.dag;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What is known when a job's values are resolved or its {@code when} is evaluated: the leaves of
 * the IR that {@link Values} and {@link WhenEvaluator} replace.
 *
 * <p>What the runtime passes, and when:
 *
 * <ul>
 *   <li>{@link #run()}: the run's values, from the moment the run exists (fill {@code $run} when a
 *       job is created).
 *   <li>{@link #item()}: for an item of a fanned-out stage, its element and index (fill {@code
 *       $item} and {@code $index} when the items are made).
 *   <li>{@link #results()}: the stored result of every dependency that <em>completed</em>, by stage
 *       name (a fanned-out stage's result is the list of its items' results, in item order). Leave
 *       out dependencies that did not complete: reading their result is then an error naming their
 *       state.
 *   <li>{@link #states()}: the final state of every dependency, by stage name; needed by a {@code
 *       when} that reads {@code STAGE.state} (the job's {@code waits_for_final}), and used to say
 *       why a result is missing.
 * </ul>
 *
 * A leaf whose binding is missing is left in place by {@link Values#substitute} and is an {@link
 * EvaluationException} for {@link Values#resolve} and {@link WhenEvaluator#evaluate}.
 *
 * @param results the results of completed dependencies, by stage
 * @param states the final states of dependencies, by stage
 * @param item the item being made or run, or {@code null}
 * @param run the run's values, or {@code null}
 */
public record Bindings(
    Map<String, JsonNode> results, Map<String, FinalState> states, Item item, RunValues run) {

  private static final Bindings NONE = new Bindings(Map.of(), Map.of(), null, null);

  /** Copies the maps (in their order); {@code null} maps are empty. */
  public Bindings {
    results = results == null ? Map.of() : copy(results);
    states = states == null ? Map.of() : copy(states);
  }

  /** Nothing known yet. */
  public static Bindings none() {
    return NONE;
  }

  /** These bindings and the result of {@code stage}. */
  public Bindings withResult(String stage, JsonNode result) {
    Map<String, JsonNode> more = new LinkedHashMap<>(results);
    more.put(Objects.requireNonNull(stage, "stage"), Objects.requireNonNull(result, "result"));
    return new Bindings(more, states, item, run);
  }

  /** These bindings and the results of several stages. */
  public Bindings withResults(Map<String, JsonNode> stageResults) {
    Map<String, JsonNode> more = new LinkedHashMap<>(results);
    more.putAll(stageResults);
    return new Bindings(more, states, item, run);
  }

  /** These bindings and the final state of {@code stage}. */
  public Bindings withState(String stage, FinalState state) {
    Map<String, FinalState> more = new LinkedHashMap<>(states);
    more.put(Objects.requireNonNull(stage, "stage"), Objects.requireNonNull(state, "state"));
    return new Bindings(results, more, item, run);
  }

  /** These bindings and the final states of several stages. */
  public Bindings withStates(Map<String, FinalState> stageStates) {
    Map<String, FinalState> more = new LinkedHashMap<>(states);
    more.putAll(stageStates);
    return new Bindings(results, more, item, run);
  }

  /** These bindings for the item {@code index} (0-based) of the fan-out {@code each}. */
  public Bindings withItem(Each each, int index, JsonNode element) {
    return new Bindings(
        results, states, new Item(element, index, each.var(), each.indexVar()), run);
  }

  /** These bindings and the run's values. */
  public Bindings withRun(RunValues runValues) {
    return new Bindings(results, states, item, runValues);
  }

  private static <V> Map<String, V> copy(Map<String, V> map) {
    // The maps are handed over once per job; copying keeps them immutable and their order stable
    // (messages list stages in it), and the shared empty map avoids a copy in the common case.
    if (map.isEmpty()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /**
   * One item of a fanned-out stage.
   *
   * @param element the element of the list, a plain JSON value
   * @param index its 0-based position in the list
   * @param var the loop variable's name, for messages
   * @param indexVar the index variable's name, or {@code null}, for messages
   */
  public record Item(JsonNode element, int index, String var, String indexVar) {
    /** Requires the element and a non-negative index. */
    public Item {
      Objects.requireNonNull(element, "element");
      if (index < 0) {
        throw new IllegalArgumentException("an item's index is 0 or more, not " + index);
      }
    }
  }
}
