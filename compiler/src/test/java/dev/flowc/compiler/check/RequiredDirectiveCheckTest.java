package dev.flowc.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.Flow;
import org.junit.jupiter.api.Test;

class RequiredDirectiveCheckTest {
  private final RequiredDirectiveCheck check = new RequiredDirectiveCheck();

  @Test
  void a_stage_without_a_handler_is_reported_at_its_name_with_a_fix() {
    assertThat(CheckRunner.rendered(check, Flow.pipeline("  stage load { retries 2 }")))
        .containsExactly(
            "2:9-2:13 error FLOW304 stage 'load' has no 'handler'\n"
                + "  help: add 'handler \"NAME\"': the name a Guice module binds the handler"
                + " under, or a class name");
  }

  @Test
  void a_handler_inherited_from_nowhere_is_still_missing_in_every_stage() {
    assertThat(
            CheckRunner.lines(
                check,
                Flow.pipeline(
                    "  defaults { retries 1 }\n  stage a { }\n  stage b { handler \"x\" }")))
        .containsExactly("3:9-3:10 error FLOW304 stage 'a' has no 'handler'");
  }

  @Test
  void a_handler_given_as_a_dotted_name_counts() {
    assertThat(CheckRunner.run(check, Flow.pipeline("  stage a { handler etl.load }"))).isEmpty();
  }

  @Test
  void is_not_reported_in_a_stage_that_a_syntax_error_broke() {
    assertThat(Flow.lines(Flow.pipeline("  stage a { retries 3 3 handler \"x\" }")))
        .extracting(line -> line.split(" ")[2])
        .containsExactly("FLOW001");
  }

  @Test
  void is_not_reported_anywhere_after_a_syntax_error() {
    // The missing '}' of 'a' makes 'b' look like a stage of its own without a handler.
    assertThat(
            Flow.lines(
                Flow.pipeline(
                    "  stage a { handler \"x\" input { v: [1 2] } }\n  stage b { retries 1 }")))
        .containsExactly("2:39-2:40 error FLOW001 expected ',' or ']', found number 2");
  }

  @Test
  void is_not_reported_after_a_keyword_used_as_a_name() {
    assertThat(Flow.lines(Flow.pipeline("  stage after { }")))
        .containsExactly("2:9-2:14 error FLOW001 'after' is a keyword and cannot name a stage");
  }
}
