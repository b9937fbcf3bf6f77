package dev.flowc.compiler.check;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateCheckTest {
  private final DirectiveValueCheck values = new DirectiveValueCheck();
  private final RateCheck check = new RateCheck();

  @Test
  void rates_per_second_minute_and_hour_with_spaces_or_without_are_fine() {
    String text =
        pipeline("  queue a { rate 10/s }\n  queue b { rate 5 / m }\n  queue c { rate 1_000/h }");

    assertThat(CheckRunner.lines(values, text)).isEmpty();
    assertThat(CheckRunner.lines(check, text)).isEmpty();
  }

  @Test
  void a_rate_of_zero_or_an_unknown_unit_is_reported() {
    assertThat(
            CheckRunner.rendered(
                values, pipeline("  queue a { rate 0/s }\n  queue b { rate 3/sec }")))
        .containsExactly(
            "2:18-2:21 error FLOW302 'rate' must allow between 1 and 1,000,000 starts per period,"
                + " not 0/s\n"
                + "  help: to stop a queue, pause its workers; remove 'rate' for no limit",
            "3:20-3:23 error FLOW301 'rate' counts starts per second, minute or hour (/s, /m or"
                + " /h), not per 'sec'\n"
                + "  help: did you mean 3/s?");
  }

  @Test
  void a_rate_in_a_stage_input_is_a_mistake() {
    assertThat(CheckRunner.lines(check, pipeline("  stage a { handler \"x\" input { r: 1/m } }")))
        .containsExactly(
            "2:36-2:39 error FLOW301 a rate such as 1/m is only the value of a queue's 'rate'");
  }
}
