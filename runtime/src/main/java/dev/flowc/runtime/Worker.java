package dev.flowc.runtime;

import java.time.Duration;

/**
 * A running pool of worker threads, started by {@link FlowRuntime#startWorker(WorkerOptions)}.
 * Closing it stops claiming, waits the grace period for running jobs, interrupts the rest and
 * releases them to {@code pending}: nothing is left {@code running}.
 */
public interface Worker extends AutoCloseable {

  /** The id recorded as lease owner and in error rows: {@code host:pid:n}. */
  String id();

  /**
   * Jobs this worker recorded an outcome for (complete, a failed attempt, cancelled); jobs given
   * back at shutdown are not counted.
   */
  long processed();

  /**
   * Waits until the served queues (and run, if any) have no job that is pending, retrying or
   * running, in any process.
   *
   * @return whether that happened before the timeout
   */
  boolean awaitDrained(Duration timeout) throws InterruptedException;

  /** Stops gracefully; see the class comment. Idempotent. */
  @Override
  void close();
}
