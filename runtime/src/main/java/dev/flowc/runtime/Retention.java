package dev.flowc.runtime;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a worker removes in the background ({@link FlowRuntime#startRetention}): the complete and
 * cancelled runs that finished longer ago than their status's age. A run that holds a dead job (a
 * dead letter not replayed) is always kept, so failed runs are not named here: they stay until
 * their dead jobs are replayed or an explicit {@link FlowRuntime#purge} removes them.
 *
 * @param olderThan how long ago a complete or cancelled run must have finished to be removed; a
 *     status not named is kept
 * @param every how often to look
 */
public record Retention(Map<RunStatus, Duration> olderThan, Duration every) {
  /** How often a worker looks, unless told: often enough, cheap when there is nothing to do. */
  public static final Duration DEFAULT_EVERY = Duration.ofMinutes(5);

  /**
   * Validates the policy.
   *
   * @throws IllegalArgumentException when a status is neither complete nor cancelled, an age is
   *     negative, or {@code every} is not positive
   */
  public Retention {
    Objects.requireNonNull(olderThan, "olderThan");
    Objects.requireNonNull(every, "every");
    EnumMap<RunStatus, Duration> copy = new EnumMap<>(RunStatus.class);
    olderThan.forEach(
        (status, age) -> {
          if (status == RunStatus.FAILED) {
            throw new IllegalArgumentException(
                "failed runs hold dead letters, which retention keeps until they are replayed or"
                    + " purged explicitly");
          }
          if (status == RunStatus.RUNNING) {
            throw new IllegalArgumentException("only finished runs can be removed");
          }
          if (age.isNegative()) {
            throw new IllegalArgumentException("a retention age must not be negative: " + age);
          }
          copy.put(status, age);
        });
    olderThan = Collections.unmodifiableMap(copy);
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("retention must look at a positive interval: " + every);
    }
  }

  /** Complete and cancelled runs kept {@code age} after they finished, looked at every 5 min. */
  public static Retention of(Duration age) {
    return new Retention(Map.of(RunStatus.COMPLETE, age, RunStatus.CANCELLED, age), DEFAULT_EVERY);
  }

  /** This policy looking every {@code every}. */
  public Retention every(Duration every) {
    return new Retention(olderThan, every);
  }

  /** The purge it runs each time: runs holding a dead job kept. */
  public PurgeRequest request() {
    return new PurgeRequest(olderThan, true, false);
  }
}
