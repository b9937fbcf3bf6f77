package dev.flowc.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  private static List<Instant> nextTicks(String cron, String after, ZoneId zone, int count) {
    Cron parsed = Cron.parse(cron);
    List<Instant> ticks = new ArrayList<>();
    Instant cursor = at(after);
    for (int i = 0; i < count; i++) {
      cursor = parsed.next(cursor, zone).orElseThrow();
      ticks.add(cursor);
    }
    return ticks;
  }

  @ParameterizedTest(name = "{0} after {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 2 * * *             | 2026-12-07T10:00:00Z | 2026-12-08T02:00:00Z",
        "*/15 * * * *          | 2026-12-07T10:07:00Z | 2026-12-07T10:15:00Z",
        "5/15 * * * *          | 2026-12-07T10:07:00Z | 2026-12-07T10:20:00Z",
        "0 1-5/2 * * *         | 2026-12-07T01:30:00Z | 2026-12-07T03:00:00Z",
        "0 0 1,15 * *          | 2026-12-07T10:00:00Z | 2026-12-15T00:00:00Z",
        "0 0 * JAN MON         | 2026-12-07T10:00:00Z | 2027-01-04T00:00:00Z",
        "0 0 * jan mon-fri     | 2026-12-07T10:00:00Z | 2027-01-01T00:00:00Z",
        "0 0 * * SUN-SAT       | 2026-12-07T10:00:00Z | 2026-12-08T00:00:00Z",
        "0 0 * * 7             | 2026-12-07T10:00:00Z | 2026-12-13T00:00:00Z",
        "0 0 * * 0             | 2026-12-07T10:00:00Z | 2026-12-13T00:00:00Z",
        "0 0 * * 5-7           | 2026-12-07T10:00:00Z | 2026-12-11T00:00:00Z",
        "0 0 * Feb,dec *       | 2026-12-31T10:00:00Z | 2027-02-01T00:00:00Z",
        "@hourly               | 2026-12-07T10:00:00Z | 2026-12-07T11:00:00Z",
        "@daily                | 2026-12-07T10:00:00Z | 2026-12-08T00:00:00Z",
        "@midnight             | 2026-12-07T10:00:00Z | 2026-12-08T00:00:00Z",
        "@weekly               | 2026-12-07T10:00:00Z | 2026-12-13T00:00:00Z",
        "@monthly              | 2026-12-07T10:00:00Z | 2027-01-01T00:00:00Z",
        "@yearly               | 2026-12-07T10:00:00Z | 2027-01-01T00:00:00Z",
        "@ANNUALLY             | 2026-12-07T10:00:00Z | 2027-01-01T00:00:00Z",
        "'  0 2 * * *  '       | 2026-12-07T10:00:00Z | 2026-12-08T02:00:00Z",
        "'0\t2  * *\t*'        | 2026-12-07T10:00:00Z | 2026-12-08T02:00:00Z",
      })
  void every_syntax_fires_where_cron_fires(String cron, String after, String expected) {
    assertThat(Cron.parse(cron).next(at(after), ZoneOffset.UTC)).contains(at(expected));
  }

  @Test
  void day_of_month_and_day_of_week_both_restricted_match_either_one() {
    // The 13th, and every Friday: 2026-12-11 is a Friday, the 13th a Sunday.
    assertThat(nextTicks("0 0 13 * 5", "2026-12-07T10:00:00Z", ZoneOffset.UTC, 3))
        .containsExactly(
            at("2026-12-11T00:00:00Z"), at("2026-12-13T00:00:00Z"), at("2026-12-18T00:00:00Z"));
    // A step counts as restricted too: odd days, and Mondays.
    assertThat(nextTicks("0 0 */2 * 1", "2026-12-07T10:00:00Z", ZoneOffset.UTC, 3))
        .containsExactly(
            at("2026-12-09T00:00:00Z"), at("2026-12-11T00:00:00Z"), at("2026-12-13T00:00:00Z"));
  }

  @Test
  void day_of_week_alone_restricts_to_that_day() {
    assertThat(nextTicks("0 0 * * 1", "2026-12-07T10:00:00Z", ZoneOffset.UTC, 2))
        .containsExactly(at("2026-12-14T00:00:00Z"), at("2026-12-21T00:00:00Z"));
  }

  @Test
  void next_is_strictly_after_even_within_the_tick_minute() {
    Cron cron = Cron.parse("0 2 * * *");

    assertThat(cron.next(at("2026-12-08T02:00:00Z"), ZoneOffset.UTC))
        .contains(at("2026-12-09T02:00:00Z"));
    assertThat(cron.next(at("2026-12-08T01:59:59.999Z"), ZoneOffset.UTC))
        .contains(at("2026-12-08T02:00:00Z"));
    assertThat(cron.next(at("2026-12-08T02:00:00.001Z"), ZoneOffset.UTC))
        .contains(at("2026-12-09T02:00:00Z"));
  }

  @Test
  void a_zone_shifts_the_local_times() {
    assertThat(Cron.parse("0 2 * * *").next(at("2026-12-07T10:00:00Z"), BERLIN))
        .contains(at("2026-12-08T01:00:00Z"));
    assertThat(Cron.parse("0 2 * * *").next(at("2026-07-07T10:00:00Z"), BERLIN))
        .contains(at("2026-07-08T00:00:00Z"));
  }

  @Test
  void a_time_in_the_spring_gap_fires_once_when_the_clocks_jump_in_berlin() {
    // 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC); 02:30 does not exist.
    assertThat(nextTicks("30 2 * * *", "2026-03-28T12:00:00Z", BERLIN, 2))
        .containsExactly(at("2026-03-29T01:00:00Z"), at("2026-03-30T00:30:00Z"));
    // Four local times inside the gap, one run.
    assertThat(nextTicks("*/15 2 * * *", "2026-03-29T00:00:00Z", BERLIN, 2))
        .containsExactly(at("2026-03-29T01:00:00Z"), at("2026-03-30T00:00:00Z"));
    // A gap tick and the tick at the gap's end coincide: one run.
    assertThat(nextTicks("0 2,3 * * *", "2026-03-28T12:00:00Z", BERLIN, 2))
        .containsExactly(at("2026-03-29T01:00:00Z"), at("2026-03-30T00:00:00Z"));
  }

  @Test
  void a_time_in_the_spring_gap_fires_once_when_the_clocks_jump_in_new_york() {
    // 2026-03-08: 02:00 EST becomes 03:00 EDT (07:00 UTC).
    assertThat(nextTicks("30 2 * * *", "2026-03-07T12:00:00Z", NEW_YORK, 2))
        .containsExactly(at("2026-03-08T07:00:00Z"), at("2026-03-09T06:30:00Z"));
  }

  @Test
  void a_time_in_the_autumn_overlap_fires_once_at_its_first_occurrence_in_berlin() {
    // 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:00-02:59 happen twice.
    assertThat(nextTicks("30 2 * * *", "2026-10-24T12:00:00Z", BERLIN, 2))
        .containsExactly(at("2026-10-25T00:30:00Z"), at("2026-10-26T01:30:00Z"));
    assertThat(nextTicks("*/30 * * * *", "2026-10-24T23:50:00Z", BERLIN, 3))
        .containsExactly(
            at("2026-10-25T00:00:00Z"), at("2026-10-25T00:30:00Z"), at("2026-10-25T02:00:00Z"));
  }

  @Test
  void a_time_in_the_autumn_overlap_fires_once_at_its_first_occurrence_in_new_york() {
    // 2026-11-01: 02:00 EDT becomes 01:00 EST (06:00 UTC); 01:00-01:59 happen twice.
    assertThat(nextTicks("30 1 * * *", "2026-10-31T12:00:00Z", NEW_YORK, 2))
        .containsExactly(at("2026-11-01T05:30:00Z"), at("2026-11-02T06:30:00Z"));
  }

  @Test
  void next_from_inside_the_second_occurrence_skips_the_local_times_that_fired_already() {
    // 01:10 UTC is 02:10 CET, the second 02:10; 02:30 fired at its first occurrence.
    assertThat(Cron.parse("*/30 * * * *").next(at("2026-10-25T01:10:00Z"), BERLIN))
        .contains(at("2026-10-25T02:00:00Z"));
  }

  @Test
  void previous_is_the_last_tick_at_or_before_across_both_transitions() {
    Cron everyHalfHour = Cron.parse("*/30 * * * *");
    // 01:40 UTC is 02:40 CET (second occurrence): the last run was 02:30 CEST.
    assertThat(everyHalfHour.previous(at("2026-10-25T01:40:00Z"), BERLIN))
        .contains(at("2026-10-25T00:30:00Z"));
    assertThat(everyHalfHour.previous(at("2026-10-25T02:00:00Z"), BERLIN))
        .contains(at("2026-10-25T02:00:00Z"));
    Cron gap = Cron.parse("30 2 * * *");
    assertThat(gap.previous(at("2026-03-29T01:00:00Z"), BERLIN))
        .contains(at("2026-03-29T01:00:00Z"));
    assertThat(gap.previous(at("2026-03-29T00:59:59Z"), BERLIN))
        .contains(at("2026-03-28T01:30:00Z"));
    assertThat(Cron.parse("30 1 * * *").previous(at("2026-11-01T06:45:00Z"), NEW_YORK))
        .contains(at("2026-11-01T05:30:00Z"));
  }

  @Test
  void previous_includes_a_tick_exactly_at_the_bound_and_not_one_a_moment_later() {
    Cron cron = Cron.parse("0 2 * * *");

    assertThat(cron.previous(at("2026-12-08T02:00:00Z"), ZoneOffset.UTC))
        .contains(at("2026-12-08T02:00:00Z"));
    assertThat(cron.previous(at("2026-12-08T01:59:59.999Z"), ZoneOffset.UTC))
        .contains(at("2026-12-07T02:00:00Z"));
  }

  @Test
  void leap_days_fire_in_leap_years_only() {
    Cron leapDay = Cron.parse("0 0 29 2 *");

    assertThat(leapDay.next(at("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
        .contains(at("2028-02-29T00:00:00Z"));
    // 2100 is not a leap year.
    assertThat(leapDay.next(at("2096-03-01T00:00:00Z"), ZoneOffset.UTC))
        .contains(at("2104-02-29T00:00:00Z"));
    assertThat(leapDay.previous(at("2027-01-01T00:00:00Z"), ZoneOffset.UTC))
        .contains(at("2024-02-29T00:00:00Z"));
  }

  @Test
  void a_day_that_never_comes_never_fires() {
    for (String never : List.of("0 0 31 2 *", "0 0 30 2 *", "0 0 31 4,6,9,11 *")) {
      Cron cron = Cron.parse(never);

      assertThat(cron.next(at("2026-12-07T10:00:00Z"), BERLIN)).as(never).isEmpty();
      assertThat(cron.previous(at("2026-12-07T10:00:00Z"), BERLIN)).as(never).isEmpty();
      assertThat(cron.firesEver()).as(never).isFalse();
    }
    assertThat(Cron.parse("0 0 29 2 *").firesEver()).isTrue();
    assertThat(Cron.parse("0 0 31 2 1").firesEver()).isTrue();
  }

  @Test
  void ticks_lists_a_range_oldest_first_up_to_a_limit() {
    Cron hourly = Cron.parse("@hourly");

    assertThat(hourly.ticks(at("2026-12-07T10:00:00Z"), at("2026-12-07T13:00:00Z"), BERLIN, 10))
        .containsExactly(
            at("2026-12-07T11:00:00Z"), at("2026-12-07T12:00:00Z"), at("2026-12-07T13:00:00Z"));
    assertThat(hourly.ticks(at("2026-12-07T10:00:00Z"), at("2026-12-07T13:00:00Z"), BERLIN, 2))
        .containsExactly(at("2026-12-07T11:00:00Z"), at("2026-12-07T12:00:00Z"));
    assertThat(hourly.ticks(at("2026-12-07T10:00:00Z"), at("2026-12-07T10:59:00Z"), BERLIN, 2))
        .isEmpty();
    // Through the autumn overlap: 02:00 CET happens twice and fires once.
    assertThat(hourly.ticks(at("2026-10-24T23:30:00Z"), at("2026-10-25T02:30:00Z"), BERLIN, 10))
        .containsExactly(at("2026-10-25T00:00:00Z"), at("2026-10-25T02:00:00Z"));
  }

  @ParameterizedTest(name = "\"{0}\" is bad at {1}+{2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 25 * * *      | 2  | 2 | '25' is not a valid hour field: hours are 0-23",
        "61 * * * *      | 0  | 2 | '61' is not a valid minute field: minutes are 0-59",
        "0-60 * * * *    | 0  | 4 | minutes are 0-59",
        "*/0 * * * *     | 0  | 3 | minute field",
        "5-1 * * * *     | 0  | 3 | minute field",
        "1,,2 * * * *    | 0  | 4 | minute field",
        "x * * * *       | 0  | 1 | minute field",
        "0 0 0 * *       | 4  | 1 | days of the month are 1-31",
        "0 0 L * *       | 4  | 1 | day-of-month field",
        "0 0 ? * *       | 4  | 1 | day-of-month field",
        "0 0 * 13 *      | 6  | 2 | months are 1-12 or JAN-DEC",
        "0 0 * FOO *     | 6  | 3 | months are 1-12 or JAN-DEC",
        "0 0 * * 8       | 8  | 1 | days of the week are 0-7 (0 and 7 are Sunday) or SUN-SAT",
        "0 0 * * MONDAY  | 8  | 6 | day-of-week field",
        "0 0 * * 5#2     | 8  | 3 | day-of-week field",
        "'  0 25 * * *'  | 4  | 2 | hour field",
        "* * * * * *     | 10 | 1 | it has 6 fields; a cron expression has five fields",
        "* * * *         | 0  | 7 | it has 4 fields, the day-of-week field is missing",
        "0               | 0  | 1 | it has 1 field, the hour field is missing",
        "''              | 0  | 0 | it is empty",
        "'   '           | 0  | 3 | it is empty",
        "@reboot         | 0  | 7 | unknown macro '@reboot'",
        "' @often'       | 1  | 6 | unknown macro '@often'",
      })
  void a_bad_field_is_reported_with_its_position_and_what_it_accepts(
      String cron, int offset, int length, String reason) {
    assertThatThrownBy(() -> Cron.parse(cron))
        .isInstanceOfSatisfying(
            CronSyntaxException.class,
            e -> {
              assertThat(e.expression()).isEqualTo(cron);
              assertThat(e.offset()).isEqualTo(offset);
              assertThat(e.length()).isEqualTo(length);
              assertThat(e.reason()).contains(reason);
              assertThat(e.getMessage()).startsWith("invalid cron expression '" + cron + "': ");
            });
  }

  @Test
  void a_bad_field_message_says_what_a_field_may_be() {
    assertThatThrownBy(() -> Cron.parse("0 25 * * *"))
        .hasMessage(
            "invalid cron expression '0 25 * * *': '25' is not a valid hour field: hours are"
                + " 0-23; a field is *, a number, a list (1,15), a range (1-5) or a step (*/15,"
                + " 1-30/2)");
  }

  @Test
  void crons_are_equal_by_their_text() {
    assertThat(Cron.parse("0 2 * * *")).isEqualTo(Cron.parse("0 2 * * *"));
    assertThat(Cron.parse("0 2 * * *")).isNotEqualTo(Cron.parse("0 2 * * 0-6"));
    assertThat(Cron.parse("@daily")).hasToString("@daily");
    assertThat(Cron.parse("@daily").expression()).isEqualTo("@daily");
  }

  @Test
  void a_tick_far_in_the_past_has_a_previous_and_a_next() {
    Optional<Instant> previous = Cron.parse("0 0 1 1 *").previous(Instant.EPOCH, ZoneOffset.UTC);
    assertThat(previous).contains(Instant.EPOCH);
  }
}
