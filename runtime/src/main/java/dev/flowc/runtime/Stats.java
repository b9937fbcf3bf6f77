package dev.flowc.runtime;

import java.util.Map;

/**
 * Job counts in a store.
 *
 * @param states count per state, every state present
 * @param queues per queue (sorted by name), count per state, every state present
 */
public record Stats(Map<JobState, Long> states, Map<String, Map<JobState, Long>> queues) {
  /** Copies the maps. */
  public Stats {
    states = Map.copyOf(states);
    queues = Map.copyOf(queues);
  }
}
