package dev.flowc.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void formats_for_people_at_every_scale() {
    assertThat(Durations.format(Duration.ofMillis(340))).isEqualTo("340ms");
    assertThat(Durations.format(Duration.ofMillis(1250))).isEqualTo("1.2s");
    assertThat(Durations.format(Duration.ofSeconds(123))).isEqualTo("2m03s");
    assertThat(Durations.format(Duration.ofMinutes(62))).isEqualTo("1h02m");
    assertThat(Durations.format(null)).isEmpty();
    assertThat(Durations.format(Duration.ofMillis(-5))).isEqualTo("0ms");
  }

  @Test
  void measures_to_now_while_it_goes_on() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");

    assertThat(Durations.between(start, null, start.plusSeconds(3))).hasSeconds(3);
    assertThat(Durations.between(start, start.plusSeconds(1), start.plusSeconds(3))).hasSeconds(1);
    assertThat(Durations.between(null, null, start)).isNull();
  }
}
