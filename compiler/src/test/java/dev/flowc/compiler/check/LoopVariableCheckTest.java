package dev.flowc.compiler.check;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopVariableCheckTest {
  private final LoopVariableCheck check = new LoopVariableCheck();

  @Test
  void a_loop_variable_named_like_a_stage_a_param_or_a_keyword_is_flow208() {
    assertThat(
            CheckRunner.rendered(
                check,
                pipeline(
                    "  params { region: string = \"eu\" }\n"
                        + "  stage load { handler \"x\" }\n"
                        + "  stage a for load in [1] { handler \"x\" }\n"
                        + "  stage b for region in [1] { handler \"x\" }\n"
                        + "  stage c for run in [1] { handler \"x\" }\n"
                        + "  stage d for null in [1] { handler \"x\" }")))
        .containsExactly(
            "4:15-4:19 error FLOW208 loop variable 'load' shadows stage 'load'\n"
                + "  note: stage 'load' is declared here (3:9)\n"
                + "  help: choose another name, so that 'load.result' means the stage",
            "5:15-5:21 error FLOW208 loop variable 'region' shadows param 'region'\n"
                + "  note: param 'region' is declared here (2:12)\n"
                + "  help: choose another name; the param is 'params.region'",
            "6:15-6:18 error FLOW208 'run' is a keyword and cannot name a loop variable\n"
                + "  help: choose another name, such as 'run_'",
            "7:15-7:19 error FLOW208 'null' is a keyword and cannot name a loop variable\n"
                + "  help: choose another name, such as 'null_'");
  }

  @Test
  void the_index_and_the_loop_variable_must_differ() {
    assertThat(CheckRunner.lines(check, pipeline("  stage a for x, x in [1] { handler \"h\" }")))
        .containsExactly(
            "2:18-2:19 error FLOW208 loop variable 'x' has the name of the index variable");
  }

  @Test
  void distinct_new_names_are_fine() {
    assertThat(CheckRunner.lines(check, pipeline("  stage a for i, x in [1] { handler \"h\" }")))
        .isEmpty();
  }
}
