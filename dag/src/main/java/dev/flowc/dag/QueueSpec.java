package dev.flowc.dag;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A named queue of a plan.
 *
 * @param name the queue's name
 * @param concurrency how many of the queue's jobs may run at once, or {@code null} for no limit
 *     beyond the worker pool's size
 * @param rate how many of the queue's jobs may start per second, minute or hour, or {@code null}
 *     for no rate limit; a queue with a rate makes its plan {@code flowc.ir/2}
 */
public record QueueSpec(
    String name, Integer concurrency, @JsonInclude(JsonInclude.Include.NON_NULL) Rate rate) {
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
  @JsonCreator
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

  /** A queue without a rate limit. */
  public QueueSpec(String name, Integer concurrency) {
    this(name, concurrency, null);
  }

  /** The default queue with no concurrency limit. */
  public static QueueSpec defaultQueue() {
    return new QueueSpec(DEFAULT, null);
  }
}
