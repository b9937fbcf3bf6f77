package dev.flowc.dag;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A schedule of a plan: when runs of the pipeline start by themselves, and with which params.
 * Written in the IR's top-level {@code schedules} list ({@code flowc.ir/2}).
 *
 * @param name the schedule's name, unique in its plan
 * @param cron a five-field cron expression or a macro, see {@link Cron}
 * @param timezone the IANA zone id the cron expression's local times are in, e.g. {@code UTC} or
 *     {@code Europe/Berlin}
 * @param catchup what happens to ticks missed while nothing watched the schedule
 * @param overlap what a tick does while the schedule's previous run has not ended
 * @param params values of the pipeline's params for runs of this schedule, in the order written;
 *     params not listed keep the plan's values
 */
public record Schedule(
    String name,
    String cron,
    String timezone,
    Catchup catchup,
    Overlap overlap,
    Map<String, JsonNode> params) {

  /** The time zone of a schedule that names none. */
  public static final String DEFAULT_TIMEZONE = "UTC";

  /** The most ticks {@link Catchup#ALL} makes runs for at once. */
  public static final int MAX_CATCHUP_RUNS = 1_000;

  /** What happens to ticks missed while nothing watched the schedule. */
  public enum Catchup {
    /** Missed ticks are dropped. */
    NONE,
    /** One run for the most recent missed tick (the default). */
    LATEST,
    /** One run per missed tick, oldest first, at most {@link #MAX_CATCHUP_RUNS}. */
    ALL;

    /** The lower-case name, as written in the language and the IR. */
    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a tick does while the schedule's previous run has not ended. */
  public enum Overlap {
    /** The tick is recorded as skipped (the default). */
    SKIP,
    /** The tick starts a run anyway. */
    ALLOW;

    /** The lower-case name, as written in the language and the IR. */
    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Validates the fields and copies the params.
   *
   * @throws CronSyntaxException when the cron expression does not parse
   * @throws IllegalArgumentException when another field breaks the IR's rules
   */
  @JsonCreator
  public Schedule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cron, "cron");
    Objects.requireNonNull(timezone, "timezone");
    Objects.requireNonNull(catchup, "catchup");
    Objects.requireNonNull(overlap, "overlap");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a schedule name must not be empty");
    }
    Cron.parse(cron);
    try {
      ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "schedule '%s': unknown time zone '%s'".formatted(name, timezone), e);
    }
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    if (params != null) {
      params.forEach(
          (param, value) ->
              copy.put(
                  param,
                  value == null
                      ? JsonNodeFactory.instance.nullNode()
                      : JsonValues.canonical(value)));
    }
    params = Collections.unmodifiableMap(copy);
  }

  /** A schedule in UTC with the default policies ({@code catchup latest}, {@code overlap skip}). */
  public static Schedule of(String name, String cron) {
    return new Schedule(name, cron, DEFAULT_TIMEZONE, Catchup.LATEST, Overlap.SKIP, Map.of());
  }

  /** The parsed cron expression. */
  public Cron parsedCron() {
    return Cron.parse(cron);
  }

  /** The time zone the cron expression's local times are in. */
  public ZoneId zone() {
    return ZoneId.of(timezone);
  }
}
