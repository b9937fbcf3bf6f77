package dev.flowc.compiler.check;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DuplicateDeclarationCheckTest {
  private final DuplicateDeclarationCheck check = new DuplicateDeclarationCheck();

  @Test
  void a_duplicate_stage_is_reported_at_the_second_name_with_the_first_as_a_note() {
    assertThat(
            CheckRunner.rendered(
                check, pipeline("  stage a { handler \"x\" }\n  stage a { handler \"y\" }")))
        .containsExactly(
            "3:9-3:10 error FLOW101 duplicate stage 'a'\n  note: first declared here (2:9)");
  }

  @Test
  void every_repeat_is_reported_and_points_at_the_first() {
    assertThat(
            CheckRunner.rendered(
                check, pipeline("  queue q\n  queue q\n  queue q\n  stage a { handler \"x\" }")))
        .containsExactly(
            "3:9-3:10 error FLOW102 duplicate queue 'q'\n  note: first declared here (2:9)",
            "4:9-4:10 error FLOW102 duplicate queue 'q'\n  note: first declared here (2:9)");
  }

  @Test
  void duplicate_params_are_found_across_params_blocks() {
    assertThat(
            CheckRunner.lines(
                check, pipeline("  params { n: int = 1 }\n  params { m: int = 1  n: int = 2 }")))
        .containsExactly(
            "3:3-3:9 error FLOW104 'params' is given twice in pipeline 'p'",
            "3:24-3:25 error FLOW103 duplicate param 'n'");
  }

  @Test
  void a_stage_and_a_queue_may_share_a_name() {
    assertThat(
            CheckRunner.run(
                check, pipeline("  queue load\n  stage load { handler \"x\" queue load }")))
        .isEmpty();
  }

  @Test
  void a_second_description_or_defaults_is_flow104() {
    assertThat(
            CheckRunner.lines(
                check,
                pipeline(
                    "  description \"a\"\n  defaults { }\n  description \"b\"\n  defaults { }")))
        .containsExactly(
            "4:3-4:14 error FLOW104 'description' is set twice in pipeline 'p'",
            "5:3-5:11 error FLOW104 'defaults' is given twice in pipeline 'p'");
  }
}
