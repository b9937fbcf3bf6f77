package dev.flowc.runtime.store.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a store object remembers of the runs it last saw (a run's base directory), for at most
 * {@code capacity} runs, the least recently used forgotten first. A worker lives for months and
 * sees a run per submit: a map that kept every run it ever saw grew by about 150 bytes a run, a
 * gigabyte in a day of 100 runs a second. A forgotten run costs one read when it comes back.
 *
 * @param <V> what is kept of a run
 */
final class RecentRuns<V> {
  private final Map<Long, V> kept;

  RecentRuns(int capacity) {
    this.kept =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
            return size() > capacity;
          }
        };
  }

  /** What is kept of run {@code runId}, or {@code null}. */
  synchronized V get(long runId) {
    return kept.get(runId);
  }

  synchronized void put(long runId, V value) {
    kept.put(runId, value);
  }

  synchronized int size() {
    return kept.size();
  }
}
