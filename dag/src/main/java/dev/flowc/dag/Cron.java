package dev.flowc.dag;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A five-field cron expression ({@code minute hour day-of-month month day-of-week}) and the
 * instants it fires at in a time zone.
 *
 * <p>Fields take {@code *}, numbers, lists ({@code 1,15}), ranges ({@code 1-5}), steps ({@code
 * *}{@code /15}, {@code 1-30/2}, {@code 5/15}), month names {@code JAN}..{@code DEC} and day names
 * {@code SUN}..{@code SAT} (any case); day-of-week 0 and 7 are both Sunday. Macros (any case):
 * <code>&#64;yearly</code> and <code>&#64;annually</code>, <code>&#64;monthly</code>, <code>
 * &#64;weekly</code>, <code>&#64;daily</code> and <code>&#64;midnight</code>, <code>
 * &#64;hourly</code>. When day-of-month and day-of-week are both restricted (neither is {@code *}),
 * a day matches when either matches (the usual cron OR rule); a step such as {@code *}{@code /2}
 * counts as restricted.
 *
 * <p>Ticks are local times of the zone. A local time that does not exist (a daylight-saving gap)
 * fires once, at the instant the clocks jump (the gap's end); a local time that exists twice (an
 * overlap) fires once, at its first occurrence.
 *
 * <p>Parsing and the calendar arithmetic are cron-utils' (its UNIX definition), over local
 * date-times; the mapping of local times to instants is done here, because cron-utils skips a gap's
 * ticks and fires an overlap's ticks twice. Instances are immutable and thread-safe.
 */
public final class Cron {
  private static final CronDefinition UNIX =
      CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);

  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private static final String ANATOMY =
      "a cron expression has five fields (minute hour day-of-month month day-of-week) or is one of"
          + " @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly";

  private static final String SYNTAX =
      "a field is *, a number, a list (1,15), a range (1-5) or a step (*/15, 1-30/2)";

  private static final List<Field> FIELDS =
      List.of(
          new Field("minute", "minutes are 0-59", List.of()),
          new Field("hour", "hours are 0-23", List.of()),
          new Field("day-of-month", "days of the month are 1-31", List.of()),
          new Field(
              "month",
              "months are 1-12 or JAN-DEC",
              List.of(
                  "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                  "DEC")),
          new Field(
              "day-of-week",
              "days of the week are 0-7 (0 and 7 are Sunday) or SUN-SAT",
              List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")));

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern WORD = Pattern.compile("[A-Za-z]+");

  /** How many ticks an overlap of a few hours can hold, with room to spare. */
  private static final int MAX_SKIPPED_TICKS = 100_000;

  private final String expression;
  private final ExecutionTime executions;
  private final boolean firesEver;

  private Cron(String expression, String normalized) {
    this.expression = expression;
    this.executions = ExecutionTime.forCron(parser().parse(normalized));
    this.firesEver = firesEver(normalized.split(" "));
  }

  /**
   * Whether a day ever matches. Every minute and hour field matches something, and a restricted
   * day-of-week matches every week; what may match nothing is a day-of-month that no month listed
   * has (February the 30th), which cron-utils would search for many years to find no tick.
   */
  private static boolean firesEver(String[] fields) {
    if (!fields[4].equals("*")) {
      return true;
    }
    boolean[] days = values(fields[2], 1, 31);
    boolean[] months = values(fields[3], 1, 12);
    for (int month = 1; month <= 12; month++) {
      // Month.maxLength: February counts its 29th, which leap years have.
      int length = java.time.Month.of(month).maxLength();
      for (int day = 1; months[month] && day <= length; day++) {
        if (days[day]) {
          return true;
        }
      }
    }
    return false;
  }

  /** The values a field that cron-utils accepted matches, as flags indexed by value. */
  private static boolean[] values(String field, int min, int max) {
    boolean[] matches = new boolean[max + 1];
    for (String element : field.split(",")) {
      String[] rangeAndStep = element.split("/");
      int step = rangeAndStep.length > 1 ? Integer.parseInt(rangeAndStep[1]) : 1;
      String range = rangeAndStep[0];
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        from = Integer.parseInt(range.substring(0, range.indexOf('-')));
        to = Integer.parseInt(range.substring(range.indexOf('-') + 1));
      } else {
        from = Integer.parseInt(range);
        to = rangeAndStep.length > 1 ? max : from;
      }
      for (int value = from; value <= Math.min(to, max); value += step) {
        matches[value] = true;
      }
    }
    return matches;
  }

  /**
   * Parses a cron expression.
   *
   * @throws CronSyntaxException with the offset and length of the bad field in {@code expression}
   *     and what that field accepts
   */
  public static Cron parse(String expression) {
    Objects.requireNonNull(expression, "expression");
    int start = 0;
    while (start < expression.length() && Character.isWhitespace(expression.charAt(start))) {
      start++;
    }
    int end = expression.length();
    while (end > start && Character.isWhitespace(expression.charAt(end - 1))) {
      end--;
    }
    String trimmed = expression.substring(start, end);
    if (trimmed.isEmpty()) {
      throw new CronSyntaxException(expression, 0, expression.length(), "it is empty; " + ANATOMY);
    }
    if (trimmed.startsWith("@")) {
      String macro = MACROS.get(trimmed.toLowerCase(Locale.ROOT));
      if (macro == null) {
        throw new CronSyntaxException(
            expression,
            start,
            trimmed.length(),
            "unknown macro '%s'; %s".formatted(trimmed, ANATOMY));
      }
      return new Cron(expression, macro);
    }
    List<int[]> spans = new ArrayList<>();
    Matcher gaps = WHITESPACE.matcher(expression);
    int fieldStart = start;
    while (gaps.find(fieldStart) && gaps.start() < end) {
      spans.add(new int[] {fieldStart, gaps.start()});
      fieldStart = gaps.end();
    }
    spans.add(new int[] {fieldStart, end});
    if (spans.size() > FIELDS.size()) {
      int extra = spans.get(FIELDS.size())[0];
      throw new CronSyntaxException(
          expression, extra, end - extra, "it has %d fields; %s".formatted(spans.size(), ANATOMY));
    }
    if (spans.size() < FIELDS.size()) {
      throw new CronSyntaxException(
          expression,
          start,
          trimmed.length(),
          "it has %d field%s, the %s field is missing; %s"
              .formatted(
                  spans.size(),
                  spans.size() == 1 ? "" : "s",
                  FIELDS.get(spans.size()).name,
                  ANATOMY));
    }
    List<String> normalized = new ArrayList<>();
    for (int i = 0; i < FIELDS.size(); i++) {
      int[] span = spans.get(i);
      normalized.add(FIELDS.get(i).normalize(expression, span[0], span[1]));
    }
    // Each field alone, among stars, so that the library's verdict points at one field.
    for (int i = 0; i < FIELDS.size(); i++) {
      List<String> probe = new ArrayList<>(List.of("*", "*", "*", "*", "*"));
      probe.set(i, normalized.get(i));
      try {
        parser().parse(String.join(" ", probe));
      } catch (IllegalArgumentException e) {
        int[] span = spans.get(i);
        throw FIELDS.get(i).invalid(expression, span[0], span[1]);
      }
    }
    try {
      return new Cron(expression, String.join(" ", normalized));
    } catch (IllegalArgumentException e) {
      throw new CronSyntaxException(
          expression, start, trimmed.length(), "%s; %s".formatted(e.getMessage(), ANATOMY));
    }
  }

  // A parser per parse: cron-utils does not document its parser as thread-safe.
  private static CronParser parser() {
    return new CronParser(UNIX);
  }

  /** The expression as written. */
  public String expression() {
    return expression;
  }

  /**
   * The first instant strictly after {@code after} at which the expression fires in {@code zone},
   * or empty when it never fires again (as {@code 0 0 31 2 *}, February the 31st, never does).
   */
  public Optional<Instant> next(Instant after, ZoneId zone) {
    if (!firesEver) {
      return Optional.empty();
    }
    ZoneRules rules = zone.getRules();
    ZonedDateTime cursor = wallClock(LocalDateTime.ofInstant(after, zone));
    for (int i = 0; i < MAX_SKIPPED_TICKS; i++) {
      Optional<ZonedDateTime> tick = executions.nextExecution(cursor);
      if (tick.isEmpty()) {
        return Optional.empty();
      }
      Instant at = instantOf(tick.get().toLocalDateTime(), rules);
      // A tick later in local time may still be earlier in time, inside an overlap.
      if (at.isAfter(after)) {
        return Optional.of(at);
      }
      cursor = tick.get();
    }
    throw new IllegalStateException("no tick of '%s' after %s".formatted(expression, after));
  }

  /**
   * The last instant at or before {@code atOrBefore} at which the expression fires in {@code zone},
   * or empty when it never fired before.
   */
  public Optional<Instant> previous(Instant atOrBefore, ZoneId zone) {
    if (!firesEver) {
      return Optional.empty();
    }
    ZoneRules rules = zone.getRules();
    LocalDateTime local = LocalDateTime.ofInstant(atOrBefore, zone);
    // Inside the second occurrence of an overlap, later local times fired already (the first time).
    ZoneOffsetTransition transition = rules.previousTransition(atOrBefore.plusNanos(1));
    if (transition != null
        && transition.isOverlap()
        && !atOrBefore.isAfter(transition.getInstant().plus(transition.getDuration().abs()))) {
      local = local.plus(transition.getDuration().abs());
    }
    ZonedDateTime cursor = wallClock(local.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
    for (int i = 0; i < MAX_SKIPPED_TICKS; i++) {
      Optional<ZonedDateTime> tick = executions.lastExecution(cursor);
      if (tick.isEmpty()) {
        return Optional.empty();
      }
      Instant at = instantOf(tick.get().toLocalDateTime(), rules);
      if (!at.isAfter(atOrBefore)) {
        return Optional.of(at);
      }
      cursor = tick.get();
    }
    throw new IllegalStateException("no tick of '%s' before %s".formatted(expression, atOrBefore));
  }

  /**
   * The instants in {@code (after, atOrBefore]} at which the expression fires in {@code zone},
   * oldest first, at most {@code limit} of them (the oldest ones).
   */
  public List<Instant> ticks(Instant after, Instant atOrBefore, ZoneId zone, int limit) {
    List<Instant> ticks = new ArrayList<>();
    Instant cursor = after;
    while (ticks.size() < limit) {
      Optional<Instant> tick = next(cursor, zone);
      if (tick.isEmpty() || tick.get().isAfter(atOrBefore)) {
        break;
      }
      ticks.add(tick.get());
      cursor = tick.get();
    }
    return ticks;
  }

  /** Whether the expression fires at all, ever (February the 31st does not). */
  public boolean firesEver() {
    return firesEver;
  }

  /** A local date-time as a zone-less wall clock, for cron-utils' arithmetic. */
  private static ZonedDateTime wallClock(LocalDateTime local) {
    return local.atZone(ZoneOffset.UTC);
  }

  /**
   * The instant a local tick fires at: a local time in a gap at the gap's end, a local time in an
   * overlap at its first occurrence.
   */
  static Instant instantOf(LocalDateTime local, ZoneRules rules) {
    ZoneOffsetTransition transition = rules.getTransition(local);
    if (transition == null) {
      return local.toInstant(rules.getValidOffsets(local).get(0));
    }
    if (transition.isGap()) {
      return transition.getInstant();
    }
    return local.toInstant(transition.getOffsetBefore());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cron cron && cron.expression.equals(expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  /** The expression as written. */
  @Override
  public String toString() {
    return expression;
  }

  /** One of the five fields: its name, what it accepts, and its names of values if it has any. */
  private record Field(String name, String values, List<String> names) {

    /** The field's text with its names of values replaced by their numbers. */
    String normalize(String expression, int start, int end) {
      String text = expression.substring(start, end);
      Matcher words = WORD.matcher(text);
      StringBuilder normalized = new StringBuilder();
      while (words.find()) {
        int index = names.indexOf(words.group().toUpperCase(Locale.ROOT));
        if (index < 0) {
          throw invalid(expression, start, end);
        }
        words.appendReplacement(
            normalized, Integer.toString(index + (name.equals("month") ? 1 : 0)));
      }
      words.appendTail(normalized);
      return normalized.toString();
    }

    CronSyntaxException invalid(String expression, int start, int end) {
      return new CronSyntaxException(
          expression,
          start,
          end - start,
          "'%s' is not a valid %s field: %s; %s"
              .formatted(expression.substring(start, end), name, values, SYNTAX));
    }
  }
}
