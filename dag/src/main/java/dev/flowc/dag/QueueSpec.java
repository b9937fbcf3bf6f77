package dev.flowc.dag;

import java.util.Objects;

/**
 * A named queue of a plan.
 *
 * @param name the queue's name
 * @param concurrency how many of the queue's jobs may run at once in one worker process, or {@code
 *     null} for no limit beyond the worker pool's size
 */
public record QueueSpec(String name, Integer concurrency) {
  /** The queue every job uses unless it names another. It exists without being declared. */
  public static final String DEFAULT = "default";

  /** The least concurrency a queue may declare. */
  public static final int MIN_CONCURRENCY = 1;

  /** The most concurrency a queue may declare. */
  public static final int MAX_CONCURRENCY = 10_000;

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException when one breaks the IR's rules
   */
  public QueueSpec {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a queue name must not be empty");
    }
    if (concurrency != null && (concurrency < MIN_CONCURRENCY || concurrency > MAX_CONCURRENCY)) {
      throw new IllegalArgumentException(
          "queue '%s': concurrency %d is out of range %d..%d"
              .formatted(name, concurrency, MIN_CONCURRENCY, MAX_CONCURRENCY));
    }
  }

  /** The default queue with no concurrency limit. */
  public static QueueSpec defaultQueue() {
    return new QueueSpec(DEFAULT, null);
  }
}
