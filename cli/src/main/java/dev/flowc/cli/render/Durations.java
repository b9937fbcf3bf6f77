package dev.flowc.cli.render;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Durations and times as people read them in tables: {@code 340ms}, {@code 1.2s}, {@code 2m03s}.
 */
public final class Durations {
  private static final DateTimeFormatter LOCAL_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Durations() {}

  /** {@code 340ms}, {@code 1.2s}, {@code 2m03s}, {@code 1h02m}; blank for {@code null}. */
  public static String format(Duration duration) {
    if (duration == null) {
      return "";
    }
    long millis = Math.max(0, duration.toMillis());
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return "%d.%ds".formatted(millis / 1000, (millis % 1000) / 100);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return "%dm%02ds".formatted(seconds / 60, seconds % 60);
    }
    return "%dh%02dm".formatted(seconds / 3600, (seconds % 3600) / 60);
  }

  /** From {@code start} to {@code end}, or to {@code now} while it goes on; null without start. */
  public static Duration between(Instant start, Instant end, Instant now) {
    if (start == null) {
      return null;
    }
    return Duration.between(start, end != null ? end : now);
  }

  /** A time in the local zone, {@code 2026-11-24 14:03:04}; blank for {@code null}. */
  public static String localTime(Instant at) {
    return at == null ? "" : LOCAL_TIME.format(at.atZone(ZoneId.systemDefault()));
  }
}
