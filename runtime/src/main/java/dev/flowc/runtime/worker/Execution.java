package dev.flowc.runtime.worker;

import dev.flowc.runtime.store.ClaimedJob;

/**
 * One claimed job in this worker, from claim to recorded outcome. Exactly one of the paths that can
 * end it (the handler returning, its timeout, shutdown) wins {@link #finish()}, records the outcome
 * and frees the slot.
 */
final class Execution {
  final ClaimedJob job;
  private Thread thread;
  private boolean finished;
  private boolean started;
  volatile boolean cancelRequested;
  volatile boolean timedOut;
  volatile boolean stopping;
  volatile long startedNanos;

  Execution(ClaimedJob job) {
    this.job = job;
  }

  /**
   * Marks the start on the current thread; false when it already finished (timed out, released).
   */
  synchronized boolean start() {
    if (finished) {
      return false;
    }
    started = true;
    thread = Thread.currentThread();
    startedNanos = System.nanoTime();
    return true;
  }

  synchronized boolean started() {
    return started;
  }

  /** Claims the right to record the outcome; false when another path already did. */
  synchronized boolean finish() {
    if (finished) {
      return false;
    }
    finished = true;
    return true;
  }

  synchronized boolean isFinished() {
    return finished;
  }

  /** Interrupts the handler's thread if it is still running this job. */
  synchronized void interrupt() {
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** Detaches the thread once the handler returned, so a late interrupt cannot hit the next job. */
  synchronized void detach() {
    thread = null;
  }

  boolean isCancelled() {
    return cancelRequested || timedOut || stopping;
  }
}
