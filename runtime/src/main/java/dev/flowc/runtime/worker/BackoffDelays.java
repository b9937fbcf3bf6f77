package dev.flowc.runtime.worker;

import dev.flowc.dag.Backoff;
import java.util.Random;

/**
 * The delay before a retry. Exponential backoff uses full jitter (a uniform delay between zero and
 * {@code min(max, base * 2^(retry - 1))}), so jobs that failed together do not retry together; a
 * fixed backoff waits exactly its delay.
 */
public final class BackoffDelays {
  private BackoffDelays() {}

  /** The largest delay before retry number {@code retry} (1 for the first retry). */
  public static long ceilingMs(Backoff backoff, int retry) {
    if (backoff.kind() == Backoff.Kind.FIXED) {
      return backoff.baseMs();
    }
    int doublings = Math.max(0, Math.min(retry - 1, 62));
    long ceiling = backoff.baseMs();
    for (int i = 0; i < doublings && ceiling < backoff.maxMs(); i++) {
      ceiling = ceiling * 2;
    }
    return Math.min(ceiling, backoff.maxMs());
  }

  /** A delay before retry number {@code retry}, drawn from {@code random}. */
  public static long delayMs(Backoff backoff, int retry, Random random) {
    long ceiling = ceilingMs(backoff, retry);
    if (backoff.kind() == Backoff.Kind.FIXED || ceiling == 0) {
      return ceiling;
    }
    return (long) (random.nextDouble() * (ceiling + 1)); // Random is thread-safe
  }
}
