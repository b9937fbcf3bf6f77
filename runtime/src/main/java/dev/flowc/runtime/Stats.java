package dev.flowc.runtime;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Job counts in a store.
 *
 * @param states count per state, every state present, in the order of {@link JobState}
 * @param queues per queue, sorted by name, count per state, every state present, in the order of
 *     {@link JobState}
 */
public record Stats(Map<JobState, Long> states, Map<String, Map<JobState, Long>> queues) {
  /** Copies the maps, in those orders. */
  public Stats {
    states = byState(states);
    SortedMap<String, Map<JobState, Long>> sorted = new TreeMap<>();
    queues.forEach((queue, counts) -> sorted.put(queue, byState(counts)));
    queues = Collections.unmodifiableSortedMap(sorted);
  }

  private static Map<JobState, Long> byState(Map<JobState, Long> counts) {
    Map<JobState, Long> copy = new EnumMap<>(JobState.class);
    copy.putAll(counts);
    return Collections.unmodifiableMap(copy);
  }
}
