package dev.flowc.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.Flow;
import org.junit.jupiter.api.Test;

class UnusedDeclarationCheckTest {
  private final UnusedDeclarationCheck check = new UnusedDeclarationCheck();

  @Test
  void warnings_are_not_reported_after_a_keyword_used_as_a_name() {
    assertThat(
            Flow.lines(
                Flow.pipeline(
                    "  queue after\n  params { null: int = 1 }\n  stage a { handler \"x\" }")))
        .containsExactly(
            "2:9-2:14 error FLOW001 'after' is a keyword and cannot name a queue",
            "3:12-3:16 error FLOW001 'null' is a keyword and cannot name a param");
  }

  @Test
  void warnings_are_not_reported_after_an_unknown_param_type() {
    assertThat(
            Flow.lines(
                Flow.pipeline(
                    "  queue spare\n  params { n: integer = 1 }\n  stage a { handler \"x\" }")))
        .containsExactly("3:15-3:22 error FLOW001 unknown type 'integer' for param 'n'");
  }

  @Test
  void an_unused_param_and_queue_are_warned_about_at_their_names() {
    assertThat(
            CheckRunner.rendered(
                check,
                Flow.pipeline(
                    "  params { n: int = 1 }\n  queue spare { concurrency 1 }\n"
                        + "  stage a { handler \"x\" }")))
        .containsExactly(
            "2:12-2:13 warning FLOW401 param 'n' is never used\n"
                + "  help: refer to it as 'params.n', or remove it",
            "3:9-3:14 warning FLOW402 queue 'spare' is declared but no stage uses it\n"
                + "  help: set 'queue spare' in a stage or in 'defaults', or remove it");
  }

  @Test
  void a_misspelt_queue_reference_does_not_also_make_the_queue_unused() {
    assertThat(
            Flow.lines(
                Flow.pipeline("  queue transform\n  stage a { handler \"x\" queue transfrom }")))
        .containsExactly("3:31-3:40 error FLOW202 unknown queue 'transfrom'");
  }

  @Test
  void a_misspelt_param_reference_does_not_also_make_the_param_unused() {
    assertThat(
            Flow.lines(
                Flow.pipeline(
                    "  params { table: string = \"t\" }\n"
                        + "  stage a { handler \"x\" input { t: params.tabel } }")))
        .containsExactly("3:43-3:48 error FLOW203 unknown param 'tabel'");
  }

  @Test
  void a_queue_that_no_reference_resembles_is_still_unused() {
    assertThat(
            CheckRunner.lines(
                check, Flow.pipeline("  queue spare\n  stage a { handler \"x\" queue transfrom }")))
        .containsExactly("2:9-2:14 warning FLOW402 queue 'spare' is declared but no stage uses it");
  }
}
