package dev.flowc.runtime.process;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Polls a condition, with a deadline. */
final class Poll {
  private static final long INTERVAL_MS = 10;

  private Poll() {}

  /**
   * Reads {@code value} every few milliseconds until {@code done} holds for it.
   *
   * @return the first value that is done
   * @throws AssertionError with {@code what} and the last value when the deadline passes first
   */
  static <T> T until(
      Duration timeout, Supplier<T> value, java.util.function.Predicate<T> done, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T current = value.get();
      if (done.test(current)) {
        return current;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "%s did not happen within %s (last seen: %s)".formatted(what, timeout, current));
      }
      TimeUnit.MILLISECONDS.sleep(INTERVAL_MS); // the polling interval, not a guess at a duration
    }
  }
}
