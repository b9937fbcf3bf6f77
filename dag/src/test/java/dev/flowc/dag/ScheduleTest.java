package dev.flowc.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  @Test
  void a_schedule_of_a_name_and_a_cron_has_the_language_defaults() {
    Schedule nightly = Schedule.of("nightly", "0 2 * * *");

    assertThat(nightly.timezone()).isEqualTo("UTC");
    assertThat(nightly.catchup()).isEqualTo(Schedule.Catchup.LATEST);
    assertThat(nightly.overlap()).isEqualTo(Schedule.Overlap.SKIP);
    assertThat(nightly.params()).isEmpty();
    assertThat(nightly.parsedCron()).isEqualTo(Cron.parse("0 2 * * *"));
    assertThat(nightly.zone()).isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void policies_are_spelled_in_lower_case() {
    assertThat(Schedule.Catchup.ALL.id()).isEqualTo("all");
    assertThat(Schedule.Catchup.NONE.id()).isEqualTo("none");
    assertThat(Schedule.Overlap.ALLOW.id()).isEqualTo("allow");
  }

  @Test
  void a_bad_cron_a_bad_zone_or_an_empty_name_is_refused() {
    assertThatThrownBy(() -> Schedule.of("nightly", "0 25 * * *"))
        .isInstanceOf(CronSyntaxException.class);
    assertThatThrownBy(
            () ->
                new Schedule(
                    "nightly",
                    "@daily",
                    "Mars/Olympus",
                    Schedule.Catchup.LATEST,
                    Schedule.Overlap.SKIP,
                    Map.of()))
        .hasMessage("schedule 'nightly': unknown time zone 'Mars/Olympus'");
    assertThatThrownBy(() -> Schedule.of("", "@daily"))
        .hasMessage("a schedule name must not be empty");
  }

  @Test
  void params_are_copied_as_canonical_values() {
    Schedule schedule =
        new Schedule(
            "nightly",
            "@daily",
            "UTC",
            Schedule.Catchup.LATEST,
            Schedule.Overlap.SKIP,
            Map.of("n", JsonNodeFactory.instance.numberNode(3)));

    assertThat(schedule.params().get("n")).isEqualTo(JsonNodeFactory.instance.numberNode(3L));
  }
}
