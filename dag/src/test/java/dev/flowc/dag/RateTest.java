package dev.flowc.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateTest {
  @Test
  void a_rate_is_a_limit_per_second_minute_or_hour() {
    assertThat(Rate.perSecond(10)).isEqualTo(new Rate(10, Duration.ofSeconds(1)));
    assertThat(Rate.perMinute(5).periodMs()).isEqualTo(60_000);
    assertThat(Rate.perHour(1).periodMs()).isEqualTo(3_600_000);
    assertThat(Rate.perSecond(10)).hasToString("10/s");
    assertThat(Rate.perMinute(5)).hasToString("5/m");
    assertThat(Rate.perHour(1_000_000)).hasToString("1000000/h");
  }

  @Test
  void a_limit_out_of_range_or_another_period_is_refused() {
    assertThatThrownBy(() -> Rate.perSecond(0))
        .hasMessage("rate limit 0 is out of range 1..1000000");
    assertThatThrownBy(() -> Rate.perSecond(1_000_001))
        .hasMessage("rate limit 1000001 is out of range 1..1000000");
    assertThatThrownBy(() -> new Rate(1, Duration.ofSeconds(2)))
        .hasMessageStartingWith("rate period 2000 ms is not one second, one minute or one hour");
  }

  @Test
  void a_queue_keeps_its_two_argument_constructor_without_a_rate() {
    assertThat(new QueueSpec("load", 2).rate()).isNull();
    assertThat(new QueueSpec("load", 2, Rate.perSecond(3)).rate()).isEqualTo(Rate.perSecond(3));
  }
}
