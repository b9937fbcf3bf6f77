package dev.flowc.compiler.parse;

import static dev.flowc.compiler.Flow.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.Flow;
import org.junit.jupiter.api.Test;

/** Syntax errors (FLOW001): phrased in words, at the unexpected token, each reported once. */
class SyntaxErrorTest {
  @Test
  void a_missing_field_name_after_a_dot_asks_for_a_field_name() {
    assertThat(
            lines(
                """
                pipeline p {
                  stage a { handler "x" }
                  stage b { handler "x" input { r: a.result. } }
                }
                """))
        .containsExactly("3:46-3:47 error FLOW001 expected a field name after '.', found '}'");
  }

  @Test
  void a_stage_without_a_name_is_one_error_and_its_block_is_still_read() {
    assertThat(lines("pipeline p {\n  stage { handler \"x\" }\n}\n"))
        .containsExactly("2:9-2:10 error FLOW001 expected a stage name, found '{'");
  }

  @Test
  void an_empty_after_list_is_one_error() {
    assertThat(lines("pipeline p {\n  stage a after { handler \"x\" }\n}\n"))
        .containsExactly(
            "2:17-2:18 error FLOW001 expected the name of a stage to run after, found '{'");
  }

  @Test
  void a_doubled_comma_in_a_map_is_one_error_and_the_map_ends_at_its_brace() {
    assertThat(lines("pipeline p {\n  stage a { handler \"x\" input { a: 1,, b: 2 } }\n}\n"))
        .containsExactly("2:38-2:39 error FLOW001 expected a key or '}', found ','");
  }

  @Test
  void a_number_with_two_dots_is_one_error() {
    assertThat(lines("pipeline p {\n  stage a { handler \"x\" input { v: 1.5.3 } }\n}\n"))
        .containsExactly("2:39-2:40 error FLOW001 expected a key or '}', found '.'");
  }

  @Test
  void a_missing_comma_in_a_list_is_one_error_and_the_rest_of_the_map_is_read() {
    assertThat(
            lines("pipeline p {\n  stage a { handler \"x\" input { a: [1 2], b: 1, b: 2 } }\n}\n"))
        .containsExactly(
            "2:39-2:40 error FLOW001 expected ',' or ']', found number 2",
            "2:49-2:50 error FLOW105 duplicate key 'b' in a map");
  }

  @Test
  void a_missing_colon_in_a_map_is_one_error_not_also_a_bad_value() {
    assertThat(lines("pipeline p {\n  stage a { handler \"x\" input { a b } }\n}\n"))
        .containsExactly("2:35-2:36 error FLOW001 expected ':' after key 'a', found name 'b'");
  }

  @Test
  void a_map_missing_a_key_is_one_error_not_one_per_entry_after_it() {
    assertThat(
            lines(
                "pipeline p {\n  params { e: string = \"x\" }\n"
                    + "  stage a { handler \"x\" input { : params.e, b: 1 } }\n}\n"))
        .containsExactly("3:33-3:34 error FLOW001 expected a key or '}', found ':'");
  }

  @Test
  void two_mistakes_in_one_map_are_reported_once_but_a_mistake_in_another_map_is_reported() {
    assertThat(
            lines(
                "pipeline p {\n  stage a { handler \"x\" input { a: [1 2], b: , c } }\n"
                    + "  stage b { handler \"x\" metadata { k v } }\n}\n"))
        .containsExactly(
            "2:39-2:40 error FLOW001 expected ',' or ']', found number 2",
            "2:46-2:47 error FLOW001 expected a value for key 'b', found ','",
            "3:38-3:39 error FLOW001 expected ':' after key 'k', found name 'v'");
  }

  @Test
  void a_path_broken_by_a_syntax_error_is_not_also_reported_as_a_bad_value() {
    assertThat(
            lines(
                "pipeline p {\n  stage a { handler \"x\" }\n"
                    + "  stage b { handler \"x\" input { r: a., s: params.x } }\n}\n"))
        .containsExactly("3:38-3:39 error FLOW001 expected a field name after '.', found ','");
  }

  @Test
  void a_stage_missing_its_opening_brace_is_one_error_and_its_directives_stay_in_it() {
    assertThat(
            Flow.rendered(
                "pipeline p {\n  stage a\n    handler \"x\"\n    retries 2\n  }\n"
                    + "  stage b after a { handler \"y\" }\n}\n"))
        .containsExactly(
            "3:5-3:12 error FLOW001 expected 'after' or '{', found name 'handler'\n"
                + "  help: is the '{' after the stage name missing?");
  }

  @Test
  void a_stage_missing_after_is_one_error() {
    assertThat(
            Flow.rendered(
                "pipeline p {\n  stage a { handler \"x\" }\n  stage b { handler \"x\" }\n"
                    + "  stage c a, b { handler \"x\" }\n}\n"))
        .containsExactly(
            "4:11-4:12 error FLOW001 expected 'after' or '{', found name 'a'\n"
                + "  help: to run after other stages, write 'after a'");
  }
}
