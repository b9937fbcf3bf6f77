package dev.flowc.compiler.parse;

import static dev.flowc.compiler.Flow.lines;
import static dev.flowc.compiler.Flow.rendered;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Common slips give one error with the fix, not a cascade of errors after them. */
class SlipRecoveryTest {
  @Test
  void a_quoted_queue_name_is_one_error_and_the_queue_is_still_declared() {
    assertThat(
            rendered(
                """
                pipeline p {
                  queue "q2"
                  stage a { handler "x" queue q2 }
                }
                """))
        .containsExactly(
            "2:9-2:13 error FLOW001 a queue name is written without quotes\n  help: write q2");
  }

  @Test
  void after_written_inside_the_braces_is_one_error_and_keeps_the_dependency() {
    assertThat(
            rendered(
                """
                pipeline p {
                  stage a { handler "x" }
                  stage b { handler "x" after a }
                }
                """))
        .containsExactly(
            "3:25-3:30 error FLOW001 'after' goes before the stage's '{', not inside it\n"
                + "  help: write 'stage b after a { ... }'");
  }

  @Test
  void the_help_for_a_misplaced_after_shows_ten_names_of_a_long_list() {
    // Repeating a stage's whole 'after' list for each misplaced 'after' grew the output with the
    // square of the file.
    StringBuilder text = new StringBuilder("pipeline p {\n");
    for (int i = 0; i < 12; i++) {
      text.append("  stage s").append(i).append(" { handler \"x\" }\n");
    }
    text.append(
        "  stage b after s0, s1, s2, s3, s4, s5, s6, s7, s8 { handler \"x\" after s9, s10, s11 }\n}\n");

    assertThat(rendered(text.toString()))
        .containsExactly(
            "14:66-14:71 error FLOW001 'after' goes before the stage's '{', not inside it\n"
                + "  help: write 'stage b after s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, ... { ... }'");
  }

  @Test
  void after_inside_the_braces_still_names_unknown_stages() {
    assertThat(
            lines(
                """
                pipeline p {
                  stage a { handler "x" }
                  stage b after a { handler "x" after bogus }
                }
                """))
        .containsExactly(
            "3:33-3:38 error FLOW001 'after' goes before the stage's '{', not inside it",
            "3:39-3:44 error FLOW201 unknown stage 'bogus'");
  }

  @Test
  void a_block_without_its_keyword_is_one_error_and_is_read_as_a_stage() {
    assertThat(
            rendered(
                """
                pipeline p {
                  extract { handler "x" }
                  stage load after extract { handler "y" }
                }
                """))
        .containsExactly(
            "2:3-2:10 error FLOW001 'extract { ... }' is missing its keyword\n"
                + "  help: write 'stage extract { ... }' (or 'queue extract { ... }')");
  }

  @Test
  void a_misspelt_block_keyword_is_an_unknown_member_with_a_suggestion() {
    assertThat(rendered("pipeline p {\n  stages { }\n  stage a { handler \"x\" }\n}\n"))
        .containsExactly(
            "2:3-2:9 error FLOW204 unknown pipeline member 'stages'\n"
                + "  help: did you mean 'stage'?");
  }

  @Test
  void a_missing_backoff_max_asks_for_a_duration_after_max() {
    assertThat(
            lines(
                """
                pipeline p {
                  stage a { handler "x" backoff 1s max }
                  stage b { handler "y" }
                }
                """))
        .containsExactly(
            "2:40-2:41 error FLOW001 expected a value after 'max' (a duration such as '5m'),"
                + " found '}'");
  }

  @Test
  void an_unterminated_string_ends_before_the_bracket_it_swallowed() {
    assertThat(
            lines(
                """
                pipeline p {
                  params { p: string = "v" }
                  stage a { handler "x" input { a: "x, b: params.p } }
                  stage b { handler "y" }
                }
                """))
        .containsExactly("3:36-3:52 error FLOW002 unterminated string");
  }

  @Test
  void an_unterminated_string_keeps_a_closing_brace_of_its_own_interpolation() {
    assertThat(FlowSourceParser.guessEnd("\"${params.x} and more } }")).isEqualTo(22);
    assertThat(FlowSourceParser.guessEnd("\"no bracket at all")).isEqualTo(18);
    assertThat(FlowSourceParser.guessEnd("\"escaped \\} then ]")).isEqualTo(17);
  }

  @Test
  void a_name_with_letters_outside_ascii_is_one_error() {
    assertThat(rendered("pipeline p {\n  stage café_load { handler \"x\" }\n}\n"))
        .containsExactly(
            "2:9-2:18 error FLOW002 'café_load' is not a valid name\n"
                + "  help: names use ASCII letters, digits and '_'; put other text in a string");
  }
}
