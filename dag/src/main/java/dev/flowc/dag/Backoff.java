package dev.flowc.dag;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * How long a job waits before each retry.
 *
 * <p>{@link Kind#EXPONENTIAL}: the delay before retry {@code n} (from 1) is uniform in {@code [0,
 * min(max_ms, base_ms * 2^(n-1))]} (full jitter). {@link Kind#FIXED}: exactly {@code base_ms}, and
 * {@code max_ms} equals {@code base_ms}.
 */
public record Backoff(Kind kind, long baseMs, long maxMs) {

  /** The language default: {@code 1s max 5m}. */
  public static final Backoff DEFAULT = exponential(1_000, 300_000);

  /** The shape of the delays between attempts. */
  public enum Kind {
    /** Doubling delays with full jitter, capped at {@code max_ms}. */
    EXPONENTIAL,
    /** The same delay before every retry. */
    FIXED;

    /** The lower-case name, as written in the IR. */
    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException when one breaks the IR's rules
   */
  public Backoff {
    Objects.requireNonNull(kind, "kind");
    if (baseMs < 0) {
      throw new IllegalArgumentException("backoff base_ms must not be negative: " + baseMs);
    }
    if (maxMs < baseMs) {
      throw new IllegalArgumentException(
          "backoff max_ms (%d) must not be less than base_ms (%d)".formatted(maxMs, baseMs));
    }
    if (kind == Kind.FIXED && maxMs != baseMs) {
      throw new IllegalArgumentException("a fixed backoff has max_ms equal to base_ms");
    }
  }

  /** Delays doubling from {@code baseMs}, capped at {@code maxMs}, with full jitter. */
  public static Backoff exponential(long baseMs, long maxMs) {
    return new Backoff(Kind.EXPONENTIAL, baseMs, maxMs);
  }

  /** The same {@code delayMs} before every retry. */
  public static Backoff fixed(long delayMs) {
    return new Backoff(Kind.FIXED, delayMs, delayMs);
  }
}
