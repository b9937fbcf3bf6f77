package dev.flowc.compiler.parse;

import static dev.flowc.compiler.Flow.lines;
import static org.assertj.core.api.Assertions.assertThat;

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
}
