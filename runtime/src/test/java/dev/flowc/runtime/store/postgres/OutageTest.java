package dev.flowc.runtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutageTest {
  private static final long HOUR = TimeUnit.HOURS.toNanos(1);

  @Test
  void a_lost_connection_is_tried_again_within_the_timeout() {
    Outage outage = new Outage(Duration.ofHours(1));

    assertThat(outage.tryAgain(System.nanoTime())).isTrue();
    assertThat(outage.tryAgain(System.nanoTime())).isTrue();
  }

  @Test
  void a_zero_timeout_gives_up_at_the_first_lost_connection() {
    assertThat(new Outage(Duration.ZERO).tryAgain(System.nanoTime())).isFalse();
  }

  @Test
  void every_loop_gives_up_once_the_timeout_passed_since_the_first_lost_connection() {
    Outage outage = new Outage(Duration.ofHours(1));

    // One loop lost its connection two hours ago; another loses its own now.
    assertThat(outage.tryAgain(System.nanoTime() - 2 * HOUR)).isFalse();
    assertThat(outage.tryAgain(System.nanoTime())).as("a later loop, same outage").isFalse();
  }

  @Test
  void an_answer_from_the_database_ends_the_outage() {
    Outage outage = new Outage(Duration.ofHours(1));
    assertThat(outage.tryAgain(System.nanoTime() - 2 * HOUR)).isFalse();

    outage.reached();

    assertThat(outage.tryAgain(System.nanoTime())).as("a new outage").isTrue();
  }
}
