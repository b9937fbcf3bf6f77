package dev.flowc.runtime;

/**
 * Receives the events of jobs changed by this process (its workers and its API calls). Called on
 * the store's writer thread right after the change is committed: return quickly, and never call the
 * runtime back from it. Changes made by other processes are seen by reading the store.
 */
@FunctionalInterface
public interface JobListener {
  /** One committed change: a job's new state, or its progress. */
  void onEvent(JobEvent event);
}
