package dev.flowc.cli.schedule;

import dev.flowc.cli.ExitCode;
import dev.flowc.cli.UserException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What "now" is for schedules in this process: the store's time, unless the environment variable
 * {@code FLOWC_NOW} moves it, for demonstrations and tests ({@code FLOWC_NOW=2026-12-08T01:00:05Z}:
 * the process starts at that instant and its time runs on from there). Only deploying and firing
 * schedules read it; leases, backoff and the times stored with jobs keep the store's time.
 */
public final class ScheduleClock {
  /** The environment variable that moves the schedules' clock. */
  public static final String VARIABLE = "FLOWC_NOW";

  private ScheduleClock() {}

  /**
   * The clock {@code FLOWC_NOW} sets, or {@code null} for the store's time.
   *
   * @throws UserException (exit 2) when it is set to something that is not an instant
   */
  public static Clock fromEnvironment() {
    String value = System.getenv(VARIABLE);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      Instant now = Instant.parse(value.strip());
      return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), now));
    } catch (DateTimeParseException e) {
      throw new UserException(
          ExitCode.USAGE,
          "%s='%s' is not an instant in UTC such as 2026-12-08T01:00:05Z"
              .formatted(VARIABLE, value));
    }
  }
}
