package dev.flowc.compiler.check;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DuplicateDirectiveCheckTest {
  private final DuplicateDirectiveCheck check = new DuplicateDirectiveCheck();

  @Test
  void a_directive_twice_in_a_stage_is_reported_at_the_second_with_the_first_as_a_note() {
    assertThat(
            CheckRunner.rendered(
                check,
                pipeline("  stage a {\n    handler \"x\"\n    retries 1\n    retries 2\n  }")))
        .containsExactly(
            "5:5-5:12 error FLOW104 'retries' is set twice in stage 'a'\n"
                + "  note: first set here (4:5)\n"
                + "  help: remove one of them");
  }

  @Test
  void the_two_forms_of_backoff_are_the_same_directive() {
    assertThat(
            CheckRunner.lines(check, pipeline("  defaults { backoff 1s max 1m backoff fixed 2s }")))
        .containsExactly("2:32-2:39 error FLOW104 'backoff' is set twice in 'defaults'");
  }

  @Test
  void queues_are_checked_too() {
    assertThat(CheckRunner.lines(check, pipeline("  queue q { concurrency 1 concurrency 1 }")))
        .containsExactly("2:27-2:38 error FLOW104 'concurrency' is set twice in queue 'q'");
  }

  @Test
  void the_same_directive_in_a_stage_and_in_defaults_is_an_override_not_a_duplicate() {
    assertThat(
            CheckRunner.run(
                check, pipeline("  defaults { retries 1 }\n  stage a { handler \"x\" retries 2 }")))
        .isEmpty();
  }
}
