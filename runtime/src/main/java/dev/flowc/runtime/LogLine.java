package dev.flowc.runtime;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of an attempt's log: a line its handler printed, or an event it logged.
 *
 * @param time when the line was completed (printed lines) or logged
 * @param level where it came from: {@link Level#STDOUT}, {@link Level#STDERR}, or a log level
 * @param text the line without its line break; a logged event with a throwable has the stack trace
 *     on the lines after its message
 */
public record LogLine(Instant time, Level level, String text) {

  /** Validates. */
  public LogLine {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(text, "text");
  }

  /** Where a line came from. */
  public enum Level {
    /** Printed to {@code System.out}. */
    STDOUT,
    /** Printed to {@code System.err}. */
    STDERR,
    /** Logged at SLF4J's TRACE level. */
    TRACE,
    /** Logged at SLF4J's DEBUG level. */
    DEBUG,
    /** Logged at SLF4J's INFO level. */
    INFO,
    /** Logged at SLF4J's WARN level. */
    WARN,
    /** Logged at SLF4J's ERROR level. */
    ERROR;

    /** As shown and stored: {@code stdout}, {@code stderr}, {@code INFO}, {@code WARN}... */
    public String label() {
      return this == STDOUT || this == STDERR ? name().toLowerCase(Locale.ROOT) : name();
    }

    /**
     * The level of a {@link #label()}.
     *
     * @throws IllegalArgumentException for an unknown label
     */
    public static Level fromLabel(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT));
    }
  }
}
