package dev.flowc.runtime;

/**
 * Receives the events of jobs changed by this process (its workers and its API calls). Called right
 * after the change is committed, one event at a time and in commit order, on the thread that
 * committed it: a thread of the store, or (SQLite) the thread whose call, such as {@code enqueue},
 * made the change, which waits meanwhile. Return quickly, and never call the runtime back from it.
 * Changes made by other processes are seen by reading the store.
 */
@FunctionalInterface
public interface JobListener {
  /** One committed change: a job's new state, or its progress. */
  void onEvent(JobEvent event);
}
