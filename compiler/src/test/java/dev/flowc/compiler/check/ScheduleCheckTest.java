package dev.flowc.compiler.check;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScheduleCheckTest {
  private final ScheduleCheck check = new ScheduleCheck();

  @Test
  void a_bad_cron_field_is_reported_inside_the_string() {
    assertThat(CheckRunner.lines(check, pipeline("  schedule night { cron \"0 25 * * *\" }")))
        .containsExactly(
            "2:28-2:30 error FLOW310 invalid cron expression: '25' is not a valid hour field:"
                + " hours are 0-23");
  }

  @Test
  void a_good_schedule_with_every_directive_says_nothing() {
    assertThat(
            CheckRunner.lines(
                check,
                pipeline(
                    "  params { n: int = 1 }\n"
                        + "  schedule night { cron \"0 2 * * MON-FRI\" timezone \"Europe/Berlin\""
                        + " catchup all overlap allow params { n: 5 } }")))
        .isEmpty();
  }

  @Test
  void a_cron_that_never_fires_is_an_error() {
    assertThat(CheckRunner.lines(check, pipeline("  schedule s { cron \"0 0 31 2 *\" }")))
        .singleElement()
        .asString()
        .startsWith("2:21-2:33 error FLOW310 cron expression \"0 0 31 2 *\" never fires");
  }

  @Test
  void a_time_zone_in_other_case_or_an_abbreviation_gets_the_zone_id_suggested() {
    assertThat(
            CheckRunner.rendered(
                check, pipeline("  schedule s { cron \"@daily\" timezone \"europe/berlin\" }")))
        .containsExactly(
            "2:39-2:54 error FLOW311 unknown time zone \"europe/berlin\"\n"
                + "  help: did you mean \"Europe/Berlin\"?");
    assertThat(ScheduleCheck.zoneSuggestion("PST")).contains("America/Los_Angeles");
    assertThat(ScheduleCheck.zoneSuggestion("new york")).contains("America/New_York");
  }

  @Test
  void a_schedule_must_set_every_param_without_a_default() {
    assertThat(
            CheckRunner.lines(
                check, pipeline("  params { table: string }\n  schedule s { cron \"@daily\" }")))
        .containsExactly(
            "3:12-3:13 error FLOW312 schedule 's' leaves param 'table' unset, and it has no"
                + " default");
  }

  @Test
  void a_missing_cron_is_reported_at_the_schedule_name() {
    assertThat(CheckRunner.lines(check, pipeline("  schedule s { timezone \"UTC\" }")))
        .containsExactly("2:12-2:13 error FLOW304 schedule 's' has no 'cron'");
  }
}
