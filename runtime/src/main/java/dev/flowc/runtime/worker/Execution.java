package dev.flowc.runtime.worker;

import dev.flowc.runtime.store.ClaimedJob;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One claimed job in this worker, from claim to recorded outcome. Exactly one of the paths that can
 * end it (the handler returning, its timeout, shutdown) wins {@link #finish()}, records the outcome
 * and frees the slot.
 */
final class Execution {
  /** The order buffered jobs start in: higher priority first, then the order they were claimed. */
  static final Comparator<Execution> START_ORDER =
      Comparator.comparingInt((Execution e) -> -e.job.priority())
          .thenComparingLong(e -> e.sequence);

  final ClaimedJob job;
  private final long sequence;
  private final AtomicBoolean taken = new AtomicBoolean();
  private Thread thread;
  private boolean finished;
  private boolean started;
  volatile boolean cancelRequested;
  volatile boolean timedOut;
  volatile boolean stopping;
  volatile long startedNanos;

  /** When the handler started, by the worker's clock; null before. */
  volatile java.time.Instant startedAt;

  private final AtomicBoolean startWritten = new AtomicBoolean();

  /**
   * @param sequence this worker's count of claimed jobs at the claim: unique, in claim order
   */
  Execution(ClaimedJob job, long sequence) {
    this.job = job;
    this.sequence = sequence;
  }

  /** Takes the job out of the worker's buffer, to start or give back; true for one caller only. */
  boolean take() {
    return taken.compareAndSet(false, true);
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

  /**
   * The start, for the one write that records it (with the outcome, or on its own); null when
   * another write has it already, or the handler has not started.
   */
  java.time.Instant takeUnwrittenStart() {
    java.time.Instant at = startedAt;
    return at != null && startWritten.compareAndSet(false, true) ? at : null;
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
