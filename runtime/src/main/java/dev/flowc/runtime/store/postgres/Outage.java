package dev.flowc.runtime.store.postgres;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Since when one store's database has been out of reach, shared by every loop of the store that
 * runs an operation again after a lost connection (reads, the committer's writes): they give up
 * together once the reconnect timeout has passed since the first lost connection, and what comes
 * after gets one attempt until the database answers again. Each loop with a window of its own
 * waited it out again in turn: a worker whose database had died took four windows to stop, its
 * queued writes failing one after the other.
 */
final class Outage {
  private static final long REACHABLE = Long.MIN_VALUE;

  private final Duration timeout;
  private final AtomicLong since = new AtomicLong(REACHABLE);

  Outage(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * Notes that an attempt begun at {@code attemptStart} ({@link System#nanoTime()}) lost its
   * connection.
   *
   * @return whether to try again: the reconnect timeout has not passed since the outage began
   */
  boolean tryAgain(long attemptStart) {
    since.compareAndSet(REACHABLE, attemptStart);
    return System.nanoTime() - since.get() < timeout.toNanos();
  }

  /** Notes that the database answered: the outage, if any, is over. */
  void reached() {
    if (since.get() != REACHABLE) {
      since.set(REACHABLE);
    }
  }
}
