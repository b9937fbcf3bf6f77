package dev.flowc.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.Flow;
import org.junit.jupiter.api.Test;

class EmptyPipelineCheckTest {
  private final EmptyPipelineCheck check = new EmptyPipelineCheck();

  @Test
  void a_pipeline_without_stages_is_a_warning_at_its_name() {
    assertThat(CheckRunner.rendered(check, "pipeline nothing {\n  queue q\n}\n"))
        .containsExactly(
            "1:10-1:17 warning FLOW403 pipeline 'nothing' has no stages\n"
                + "  help: add one: stage NAME { handler \"...\" }");
  }

  @Test
  void one_stage_is_enough() {
    assertThat(CheckRunner.run(check, Flow.pipeline("  stage a { handler \"x\" }"))).isEmpty();
  }

  @Test
  void is_not_reported_when_a_syntax_error_may_have_swallowed_the_stages() {
    assertThat(Flow.lines("pipeline p {\n  stage { handler \"x\" }\n}\n"))
        .containsExactly("2:9-2:10 error FLOW001 expected a stage name, found '{'");
  }

  @Test
  void an_empty_pipeline_still_compiles() {
    assertThat(Flow.plan("pipeline p { }").jobs()).isEmpty();
  }
}
