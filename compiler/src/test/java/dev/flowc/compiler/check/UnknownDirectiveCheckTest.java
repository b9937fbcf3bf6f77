package dev.flowc.compiler.check;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnknownDirectiveCheckTest {
  private final UnknownDirectiveCheck check = new UnknownDirectiveCheck();

  @Test
  void a_misspelt_stage_directive_is_reported_at_its_name_with_the_closest_one() {
    assertThat(CheckRunner.rendered(check, pipeline("  stage a { handler \"x\" retry 3 }")))
        .containsExactly(
            "2:25-2:30 error FLOW204 unknown directive 'retry' for a stage\n"
                + "  help: did you mean 'retries'?");
  }

  @Test
  void an_unrelated_name_lists_what_the_block_takes() {
    assertThat(CheckRunner.rendered(check, pipeline("  queue q { colour 1 }")))
        .containsExactly(
            "2:13-2:19 error FLOW204 unknown directive 'colour' for a queue\n"
                + "  help: a queue takes concurrency and rate");
  }

  @Test
  void a_stage_only_directive_in_defaults_says_where_it_belongs() {
    assertThat(CheckRunner.rendered(check, pipeline("  defaults { input { } }")))
        .containsExactly(
            "2:14-2:19 error FLOW204 'input' cannot be set in 'defaults'\n"
                + "  help: 'defaults' holds only queue, retries, backoff, timeout and priority;"
                + " set 'input' in each stage");
  }

  @Test
  void a_stage_directive_at_pipeline_level_points_to_defaults() {
    assertThat(CheckRunner.rendered(check, pipeline("  timeout 5m")))
        .containsExactly(
            "2:3-2:10 error FLOW204 unknown pipeline member 'timeout'\n"
                + "  help: 'timeout' is a stage directive; put it in 'defaults { ... }' to apply"
                + " it to every stage");
  }

  @Test
  void a_misspelt_pipeline_member_is_suggested() {
    assertThat(CheckRunner.rendered(check, pipeline("  descripton \"x\"")))
        .containsExactly(
            "2:3-2:13 error FLOW204 unknown pipeline member 'descripton'\n"
                + "  help: did you mean 'description'?");
  }

  @Test
  void every_known_directive_is_accepted_where_it_belongs() {
    assertThat(
            CheckRunner.run(
                check,
                pipeline(
                    "  description \"d\"\n"
                        + "  defaults { queue q retries 1 backoff 1s timeout 1m priority 1 }\n"
                        + "  queue q { concurrency 2 }\n"
                        + "  stage a { handler \"x\" queue q retries 1 backoff fixed 1s timeout 1s"
                        + " priority 2 input { } metadata { } description \"s\" }")))
        .isEmpty();
  }
}
