package dev.flowc.dag;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A queue's rate limit: at most {@code limit} job starts per {@code period}, across every worker
 * sharing the store. Written in the IR as {@code {"limit": 10, "period_ms": 1000}}.
 *
 * @param limit the most job starts per period, {@value #MIN_LIMIT}..{@value #MAX_LIMIT}
 * @param period one second, one minute or one hour ({@link #PERIODS})
 */
public record Rate(int limit, Duration period) {

  /** The least limit a rate may have. */
  public static final int MIN_LIMIT = 1;

  /** The greatest limit a rate may have. */
  public static final int MAX_LIMIT = 1_000_000;

  /**
   * The periods a rate may have: a second, a minute, an hour ({@code N/s}, {@code N/m}, {@code
   * N/h}).
   */
  public static final List<Duration> PERIODS =
      List.of(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofHours(1));

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException when one breaks the IR's rules
   */
  public Rate {
    Objects.requireNonNull(period, "period");
    if (limit < MIN_LIMIT || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "rate limit %d is out of range %d..%d".formatted(limit, MIN_LIMIT, MAX_LIMIT));
    }
    if (!PERIODS.contains(period)) {
      throw new IllegalArgumentException(
          "rate period %d ms is not one second, one minute or one hour (1000, 60000 or 3600000 ms)"
              .formatted(period.toMillis()));
    }
  }

  /** At most {@code limit} starts per second. */
  public static Rate perSecond(int limit) {
    return new Rate(limit, Duration.ofSeconds(1));
  }

  /** At most {@code limit} starts per minute. */
  public static Rate perMinute(int limit) {
    return new Rate(limit, Duration.ofMinutes(1));
  }

  /** At most {@code limit} starts per hour. */
  public static Rate perHour(int limit) {
    return new Rate(limit, Duration.ofHours(1));
  }

  /** The period in milliseconds, as the IR writes it. */
  public long periodMs() {
    return period.toMillis();
  }

  /**
   * The rate as it is written in the {@code .flow} language: {@code 10/s}, {@code 5/m}, {@code
   * 1/h}.
   */
  @Override
  public String toString() {
    String unit =
        period.equals(Duration.ofSeconds(1))
            ? "s"
            : period.equals(Duration.ofMinutes(1)) ? "m" : "h";
    return limit + "/" + unit;
  }

  @JsonValue
  Map<String, Object> toIr() {
    Map<String, Object> ir = new LinkedHashMap<>();
    ir.put("limit", limit);
    ir.put("period_ms", period.toMillis());
    return ir;
  }

  @JsonCreator
  static Rate fromIr(
      @JsonProperty(value = "limit", required = true) int limit,
      @JsonProperty(value = "period_ms", required = true) long periodMs) {
    return new Rate(limit, Duration.ofMillis(periodMs));
  }
}
