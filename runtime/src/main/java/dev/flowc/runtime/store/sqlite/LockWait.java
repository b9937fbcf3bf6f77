package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.LockWaitListener;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sqlite.BusyHandler;

/**
 * SQLite's busy handler of every connection of a store: while another process holds the lock,
 * sleeps and tries again, tells the listener once the wait passes {@link
 * LockWaitListener#NOTICE_AFTER}, and gives up after the lock timeout (SQLite then returns
 * SQLITE_BUSY). SQLite's own busy_timeout would wait silently.
 */
final class LockWait extends BusyHandler {
  private static final Logger LOG = Logger.getLogger(LockWait.class.getName());
  private static final long[] SLEEPS_MS = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50};
  private static final long MAX_SLEEP_MS = 100;

  /**
   * The timeout of the last wait this thread gave up, for the message of the SQLITE_BUSY that
   * follows on the same thread (the error code alone does not say how long was waited). Not cleared
   * when a new wait starts: the driver may wait again (and succeed) while it cleans up after the
   * failed statement, before the error reaches the store.
   */
  private static final ThreadLocal<Duration> GAVE_UP = new ThreadLocal<>();

  private final String location;
  private final Duration timeout;
  private final LockWaitListener listener;
  // A connection is used by one thread at a time, so the state of its current wait needs no lock.
  private long startedNanos;
  private boolean told;

  LockWait(String location, Duration timeout, LockWaitListener listener) {
    this.location = location;
    this.timeout = timeout;
    this.listener = listener;
  }

  @Override
  protected int callback(int previousCalls) {
    long now = System.nanoTime();
    if (previousCalls == 0) {
      startedNanos = now;
      told = false;
    }
    long waited = now - startedNanos;
    if (waited >= timeout.toNanos()) {
      GAVE_UP.set(timeout);
      return 0;
    }
    if (!told && waited >= LockWaitListener.NOTICE_AFTER.toNanos()) {
      told = true;
      try {
        listener.waiting(location, timeout);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a lock wait listener failed", e);
      }
    }
    long sleep =
        Math.min(
            previousCalls < SLEEPS_MS.length ? SLEEPS_MS[previousCalls] : MAX_SLEEP_MS,
            Math.max(1, (timeout.toNanos() - waited) / 1_000_000));
    try {
      Thread.sleep(sleep);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
    return 1;
  }

  /** The timeout this thread's last wait gave up after, once; null when it did not give up. */
  static Duration takeGaveUp() {
    Duration timeout = GAVE_UP.get();
    GAVE_UP.remove();
    return timeout;
  }
}
