package dev.flowc.compiler.check;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StageValueCheckTest {
  private final StageValueCheck check = new StageValueCheck();

  @Test
  void a_bare_stage_name_is_an_unknown_name_that_suggests_its_result() {
    assertThat(
            CheckRunner.rendered(
                check,
                pipeline(
                    "  stage a { handler \"x\" }\n"
                        + "  stage b { handler \"x\" input { r: a, s: a.rsult, t: a.rows } }")))
        .containsExactly(
            "3:36-3:37 error FLOW207 unknown name 'a'\n"
                + "  help: did you mean 'a.result', the stage's result?",
            "3:42-3:43 error FLOW207 unknown name 'a'\n  help: did you mean 'a.result'?",
            "3:54-3:55 error FLOW207 unknown name 'a'\n"
                + "  help: did you mean 'a.result.rows', a field of the stage's result?");
  }

  @Test
  void a_misspelt_loop_variable_suggests_the_loop_variable_in_input_strings_and_when() {
    assertThat(
            CheckRunner.rendered(
                check,
                pipeline(
                    "  stage n for file in [\"a\"] {\n"
                        + "    handler \"x\"\n"
                        + "    input { p: fiel.path, t: \"${fiel}\" }\n"
                        + "    when fiel == \"a\"\n"
                        + "  }")))
        .containsExactly(
            "4:16-4:20 error FLOW207 unknown name 'fiel'\n  help: did you mean 'file'?",
            "4:33-4:37 error FLOW207 unknown name 'fiel'\n  help: did you mean 'file'?",
            "5:10-5:14 error FLOW207 unknown name 'fiel'\n  help: did you mean 'file'?");
  }

  @Test
  void another_stages_loop_variable_is_not_visible() {
    assertThat(
            CheckRunner.rendered(
                check,
                pipeline(
                    "  stage n for file in [\"a\"] { handler \"x\" input { p: file } }\n"
                        + "  stage m { handler \"x\" input { p: file.path } }")))
        .containsExactly(
            "3:36-3:40 error FLOW207 unknown name 'file'\n"
                + "  help: 'file' is a loop variable of stage 'n'; only that stage's values can"
                + " use it");
  }

  @Test
  void a_state_outside_when_and_an_unknown_run_value_are_flow309() {
    assertThat(
            CheckRunner.rendered(
                check,
                pipeline(
                    "  stage a { handler \"x\" }\n"
                        + "  stage b { handler \"x\" input { s: a.state, r: run.idd, k: run.key }"
                        + " when run.pipelin == \"p\" }")))
        .containsExactly(
            "3:36-3:43 error FLOW309 'a.state' can be read only in 'when'\n"
                + "  help: use 'a.result' for its result; 'when a.state != \"complete\"' runs this"
                + " stage however it ended",
            "3:52-3:55 error FLOW309 unknown run value 'run.idd'\n  help: did you mean 'id'?",
            "3:79-3:86 error FLOW309 unknown run value 'run.pipelin'\n"
                + "  help: did you mean 'pipeline'?");
  }

  @Test
  void a_description_cannot_use_run_values_or_loop_variables() {
    assertThat(
            CheckRunner.lines(
                check,
                pipeline(
                    "  stage n for f in [1] { handler \"x\" description \"${f} of ${run.id}\" }")))
        .containsExactly(
            "2:53-2:54 error FLOW301 'description' cannot use the loop variable 'f': a"
                + " description is fixed when the pipeline is compiled",
            "2:61-2:67 error FLOW301 'description' cannot use 'run.id': a description is fixed"
                + " when the pipeline is compiled");
  }

  @Test
  void loop_variables_run_values_and_states_in_when_are_fine() {
    assertThat(
            CheckRunner.lines(
                check,
                pipeline(
                    "  stage a { handler \"x\" }\n"
                        + "  stage n for i, f in [1] { handler \"x\" input { f: f, i: i, r:"
                        + " \"${run.id}-${f}\" } metadata { k: run.key } when a.state =="
                        + " \"dead\" && i > 0 }")))
        .isEmpty();
  }
}
