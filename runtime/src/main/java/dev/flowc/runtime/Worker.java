package dev.flowc.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A running pool of worker threads, started by {@link FlowRuntime#startWorker(WorkerOptions)}.
 * Closing it stops claiming, waits the grace period for running jobs, interrupts the rest and
 * releases them to {@code pending}: nothing is left {@code running}, unless the store cannot record
 * it (see {@link #storeFailure()}).
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

  /**
   * Why this worker stopped: the store could not record something it must (an outcome, a start, a
   * heartbeat: the disk is full, an I/O error, a lock held beyond every retry), or claims failed
   * for {@code 30 s} in a row. The message says what could not be recorded and why. Once present it
   * stays, and the worker claims and starts nothing more: close it, fix the store, and let a new
   * worker (or {@code flowc resume}) finish the work. Empty while the store keeps up.
   */
  Optional<StoreException> storeFailure();

  /**
   * The jobs this worker claimed whose outcome or release it could not record: the store still
   * shows them {@code running} under this worker's lease, until the lease expires and a worker (or
   * {@code flowc resume}) takes them back. Empty unless {@link #storeFailure()} is present.
   */
  Set<Long> jobsLeftRunning();

  /** Stops gracefully; see the class comment. Idempotent. */
  @Override
  void close();
}
