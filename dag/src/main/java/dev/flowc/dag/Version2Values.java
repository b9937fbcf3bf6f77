package dev.flowc.dag;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/** Finds the value leaves that only {@code flowc.ir/2} has: {@code $item}, {@code $index}, ... */
final class Version2Values {
  private static final Set<String> KEYS =
      Set.of(Values.ITEM, Values.INDEX, Values.STATE, Values.RUN, Values.LITERAL);

  private Version2Values() {}

  static boolean present(JsonNode value) {
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        if (KEYS.contains(field.getKey()) || present(field.getValue())) {
          return true;
        }
      }
    } else if (value.isArray()) {
      for (JsonNode element : value) {
        if (present(element)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The leaf keys of {@code flowc.ir/2} found in {@code value}, to check where they may be. */
  static void collect(JsonNode value, Map<String, Integer> found) {
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        if (KEYS.contains(field.getKey())) {
          found.merge(field.getKey(), 1, Integer::sum);
        }
        collect(field.getValue(), found);
      }
    } else if (value.isArray()) {
      for (JsonNode element : value) {
        collect(element, found);
      }
    }
  }
}
