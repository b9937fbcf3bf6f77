package dev.flowc.compiler.check;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DirectiveValueCheckTest {
  private final DirectiveValueCheck check = new DirectiveValueCheck();

  private static String stage(String directives) {
    return pipeline("  stage a { " + directives + " }");
  }

  @Test
  void a_string_for_an_integer_is_flow301_at_the_value_with_the_fix() {
    assertThat(CheckRunner.rendered(check, stage("handler \"x\" retries \"5\"")))
        .containsExactly(
            "2:33-2:36 error FLOW301 'retries' takes an integer, not a string\n"
                + "  help: write 5 without quotes");
  }

  @Test
  void ranges_are_checked_at_their_edges() {
    assertThat(
            CheckRunner.lines(
                check,
                pipeline(
                    "  queue q { concurrency 10001 }\n"
                        + "  queue r { concurrency 10000 }\n"
                        + "  stage a { handler \"x\" retries 1001 priority -1001 }\n"
                        + "  stage b { handler \"x\" retries 1000 priority -1000 }\n"
                        + "  stage c { handler \"x\" retries 0 priority 1000 }")))
        .containsExactly(
            "2:25-2:30 error FLOW302 'concurrency' must be between 1 and 10000, not 10001",
            "4:33-4:37 error FLOW302 'retries' must be between 0 and 1000, not 1001",
            "4:47-4:52 error FLOW302 'priority' must be between -1000 and 1000, not -1001");
  }

  @Test
  void a_bare_number_for_a_duration_is_flow303_with_the_fix() {
    assertThat(CheckRunner.rendered(check, stage("handler \"x\" timeout 30")))
        .containsExactly(
            "2:33-2:35 error FLOW303 'timeout' takes a duration, and a number needs a unit (ms,"
                + " s, m, h or d)\n"
                + "  help: did you mean 30s?");
  }

  @Test
  void a_quoted_duration_is_flow301_with_the_fix() {
    assertThat(CheckRunner.rendered(check, stage("handler \"x\" timeout \"30s\"")))
        .containsExactly(
            "2:33-2:38 error FLOW301 'timeout' takes a duration such as 30s, not a string\n"
                + "  help: write 30s without quotes");
  }

  @Test
  void timeout_null_means_no_timeout_and_zero_is_out_of_range() {
    assertThat(
            CheckRunner.lines(
                check,
                pipeline(
                    "  stage a { handler \"x\" timeout null }\n"
                        + "  stage b { handler \"x\" timeout 0ms }")))
        .containsExactly("3:33-3:36 error FLOW302 'timeout' must be more than 0, not 0ms");
  }

  @Test
  void a_backoff_max_below_its_base_is_reported_at_the_max() {
    assertThat(CheckRunner.lines(check, stage("handler \"x\" backoff 1m max 30s")))
        .containsExactly("2:40-2:43 error FLOW302 backoff max 30s is shorter than its base 1m");
  }

  @Test
  void a_zero_backoff_is_allowed() {
    assertThat(CheckRunner.run(check, stage("handler \"x\" backoff fixed 0s"))).isEmpty();
  }

  @Test
  void a_param_in_a_typed_directive_must_be_declared_with_that_type() {
    assertThat(
            CheckRunner.rendered(
                check,
                pipeline(
                    "  params { n: string = \"3\"  d: duration = 1s  i: int = 1 }\n"
                        + "  stage a { handler \"x\" retries params.n timeout params.d priority"
                        + " params.i backoff params.i }")))
        .containsExactly(
            "3:33-3:41 error FLOW301 'retries' takes an integer, but param 'n' is declared as"
                + " 'string'\n"
                + "  note: param 'n' is declared here (2:15)",
            "3:85-3:93 error FLOW301 'backoff' takes a duration, but param 'i' is declared as"
                + " 'int'\n"
                + "  note: param 'i' is declared here (2:50)");
  }

  @Test
  void handler_and_queue_must_be_literals() {
    assertThat(
            CheckRunner.lines(
                check,
                pipeline(
                    "  params { h: string = \"x\" }\n"
                        + "  stage a { handler params.h queue params.h }")))
        .containsExactly(
            "3:21-3:29 error FLOW301 'handler' takes a handler name (a string or a dotted name),"
                + " not a param reference",
            "3:36-3:44 error FLOW301 'queue' takes a queue name, not a param reference");
  }

  @Test
  void an_empty_handler_is_flow301() {
    assertThat(CheckRunner.lines(check, stage("handler \" \"")))
        .containsExactly("2:21-2:24 error FLOW301 'handler' must not be empty");
  }

  @Test
  void a_result_is_allowed_in_input_but_not_in_metadata_or_descriptions() {
    assertThat(
            CheckRunner.lines(
                check,
                pipeline(
                    "  stage a { handler \"x\" }\n"
                        + "  stage b { handler \"x\" input { r: a.result } metadata { r: a.result }"
                        + " description \"${a.result}\" }")))
        .containsExactly(
            "3:61-3:69 error FLOW301 metadata cannot use a stage's result: 'a.result' is known"
                + " only when 'a' completes",
            "3:87-3:95 error FLOW301 'description' cannot use a stage's result: 'a.result' is"
                + " known only when 'a' completes");
  }

  @Test
  void metadata_must_be_a_map() {
    assertThat(CheckRunner.lines(check, stage("handler \"x\" metadata \"tag\"")))
        .containsExactly(
            "2:34-2:39 error FLOW301 'metadata' takes a map such as { team: \"data\" }, not a"
                + " string");
  }

  @Test
  void a_handler_with_interpolation_says_it_cannot_interpolate() {
    assertThat(
            CheckRunner.rendered(
                check,
                pipeline(
                    "  params { h: string = \"x\" }\n  stage a { handler \"etl.${params.h}\" }")))
        .containsExactly(
            "3:21-3:38 error FLOW301 'handler' cannot use interpolation: the handler is fixed when"
                + " the pipeline is compiled\n"
                + "  help: write the handler's name out");
  }
}
