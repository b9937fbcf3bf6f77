package dev.flowc.compiler.parse;

import static dev.flowc.compiler.Flow.lines;
import static dev.flowc.compiler.Flow.rendered;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Invalid tokens (FLOW002): reported once, at the token, and parsing goes on around them. */
class LexicalErrorTest {
  private static String stage(String directives) {
    return "pipeline p {\n  stage a { " + directives + " }\n}\n";
  }

  @Test
  void an_unterminated_string_is_one_error_at_its_quote() {
    assertThat(rendered("pipeline p {\n  stage a {\n    handler \"x\n  }\n}\n"))
        .containsExactly(
            "3:13-3:15 error FLOW002 unterminated string\n"
                + "  help: add the closing '\"'; a string cannot span lines (write '\\n' for a line"
                + " break)");
  }

  @Test
  void an_unterminated_string_holding_emoji_ends_before_the_brace_in_code_points() {
    // Two emoji are four UTF-16 chars but two columns: the lexer used to resume past the '}' and
    // the newline, and report a spurious FLOW001 at column 30 of a 26-column line.
    assertThat(
            rendered(
                "pipeline p {\n  stage a { handler \"x\uD83D\uDE00\uD83D\uDE00 }\n"
                    + "  stage b { handler \"x\" }\n}\n"))
        .containsExactly(
            "2:21-2:26 error FLOW002 unterminated string\n"
                + "  help: add the closing '\"'; a string cannot span lines (write '\\n' for a line"
                + " break)");
  }

  @Test
  void a_duration_with_an_unknown_unit_names_the_unit() {
    assertThat(lines(stage("handler \"x\" timeout 30sec")))
        .containsExactly("2:33-2:38 error FLOW002 malformed duration '30sec': unknown unit 'sec'");
  }

  @Test
  void a_fractional_duration_suggests_a_smaller_unit() {
    assertThat(rendered(stage("handler \"x\" timeout 1.5s")))
        .containsExactly(
            "2:33-2:37 error FLOW002 malformed duration '1.5s': a duration is a whole number and a"
                + " unit\n"
                + "  help: write a smaller unit instead, such as '1500ms' for 1.5s");
  }

  @Test
  void a_trailing_underscore_or_dot_is_a_malformed_number() {
    assertThat(lines(stage("handler \"x\" retries 10_ priority 1.")))
        .containsExactly(
            "2:33-2:36 error FLOW002 malformed number '10_': '_' may only stand between digits",
            "2:46-2:48 error FLOW002 malformed number '1.': a float has digits after its '.'");
  }

  @Test
  void a_bad_escape_is_reported_at_the_backslash() {
    assertThat(lines(stage("handler \"a\\qb\"")))
        .containsExactly("2:23-2:25 error FLOW002 unknown escape '\\q' in a string");
  }

  @Test
  void bad_unicode_escapes_are_reported() {
    assertThat(lines(stage("handler \"x\" input { a: \"\\u{}\", b: \"\\u{D800}\", c: \"\\u41\" }")))
        .containsExactly(
            "2:37-2:41 error FLOW002 '\\u{}' is not a valid unicode character",
            "2:48-2:56 error FLOW002 '\\u{D800}' is not a valid unicode character",
            "2:63-2:65 error FLOW002 a unicode escape is written '\\u{XXXX}' with 1 to 6 hex"
                + " digits");
  }

  @Test
  void a_single_quoted_string_is_one_error_and_is_read_as_a_string() {
    assertThat(rendered(stage("handler 'x'")))
        .containsExactly(
            "2:21-2:24 error FLOW002 strings are written in double quotes\n  help: write \"x\"");
  }

  @Test
  void a_run_of_stray_characters_is_one_error() {
    assertThat(lines(stage("handler \"x\" ~~~ retries 1")))
        .containsExactly("2:25-2:28 error FLOW002 unexpected characters starting with '~'");
  }

  @Test
  void curly_quotes_get_a_fix() {
    assertThat(rendered(stage("handler \u201cx\u201d")))
        .first()
        .asString()
        .startsWith("2:21-2:22 error FLOW002 unexpected character curly double quote (U+201C)")
        .contains("help: use a plain double quote '\"'");
  }

  @Test
  void columns_count_code_points_and_a_tab_is_one_column() {
    assertThat(lines("pipeline p {\n\tstage a { handler \"\uD83D\uDE00\" retries \"x\" }\n}\n"))
        .containsExactly("2:32-2:35 error FLOW301 'retries' takes an integer, not a string");
  }

  @Test
  void an_integer_beyond_64_bits_is_out_of_range() {
    assertThat(lines(stage("handler \"x\" retries 99999999999999999999")))
        .containsExactly(
            "2:33-2:53 error FLOW302 integer 99999999999999999999 is too large; integers are"
                + " 64-bit");
  }

  @Test
  void a_hexadecimal_number_is_a_malformed_number_not_a_duration_with_a_strange_unit() {
    assertThat(lines(stage("handler \"x\" retries 0x1F")))
        .containsExactly("2:33-2:37 error FLOW002 malformed number '0x1F'");
  }

  @Test
  void a_raw_control_character_in_a_string_is_reported_at_its_column() {
    assertThat(
            dev.flowc.compiler.Flow.rendered(
                "pipeline p {\n  stage a { handler \"red\u001b[31m\" }\n}\n"))
        .containsExactly(
            "2:25-2:26 error FLOW002 control character U+001B in a string\n"
                + "  help: write it as an escape ('\\u{1B}'), so that it cannot hide in the"
                + " source");
  }

  @Test
  void a_tab_in_a_string_is_fine() {
    assertThat(dev.flowc.compiler.Flow.lines("pipeline p {\n  stage a { handler \"a\tb\" }\n}\n"))
        .isEmpty();
  }

  @Test
  void lone_carriage_returns_break_lines_as_in_editors() {
    assertThat(dev.flowc.compiler.Flow.lines("pipeline p {\r  stage a { handler 5 }\r}\r"))
        .containsExactly(
            "2:21-2:22 error FLOW301 'handler' takes a handler name (a string or a dotted name),"
                + " not an integer");
  }
}
