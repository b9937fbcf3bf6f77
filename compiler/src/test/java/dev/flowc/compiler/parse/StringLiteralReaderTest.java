package dev.flowc.compiler.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.ast.ErrorValue;
import dev.flowc.compiler.ast.ParamRef;
import dev.flowc.compiler.ast.ResultRef;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import dev.flowc.compiler.source.Span;
import org.junit.jupiter.api.Test;

class StringLiteralReaderTest {
  private final DiagnosticSink sink = new DiagnosticSink();

  private Value read(String token) {
    return StringLiteralReader.read(
        token, Span.of(1, 1, token.codePointCount(0, token.length())), true, sink);
  }

  @Test
  void decodes_every_escape() {
    Value value = read("\"q\\\" b\\\\ n\\n t\\t r\\r d\\$ u\\u{E9}\\u{1F600}\"");
    assertThat(value).isInstanceOf(StringValue.class);
    assertThat(((StringValue) value).text())
        .isEqualTo("q\" b\\ n\n t\t r\r d$ u\u00e9\uD83D\uDE00");
    assertThat(sink.sorted()).isEmpty();
  }

  @Test
  void a_dollar_not_followed_by_a_brace_is_plain_and_an_escaped_one_is_literal() {
    StringValue value = (StringValue) read("\"$5 and \\${x}\"");
    assertThat(value.isPlain()).isTrue();
    assertThat(value.text()).isEqualTo("$5 and ${x}");
  }

  @Test
  void interpolations_split_the_string_into_parts() {
    StringValue value = (StringValue) read("\"a ${params.x} b ${s.result.rows[1]}\"");
    assertThat(value.parts()).hasSize(4);
    assertThat(((StringValue.Interpolation) value.parts().get(1)).reference())
        .isInstanceOfSatisfying(
            ParamRef.class, ref -> assertThat(ref.name().span()).hasToString("1:13"));
    assertThat(((StringValue.Interpolation) value.parts().get(3)).reference())
        .isInstanceOfSatisfying(
            ResultRef.class,
            ref -> {
              assertThat(ref.stage().text()).isEqualTo("s");
              assertThat(ref.path()).hasSize(2);
            });
  }

  @Test
  void spaces_inside_an_interpolation_are_allowed() {
    StringValue value = (StringValue) read("\"${ params.x }\"");
    assertThat(value.isPlain()).isFalse();
    assertThat(sink.sorted()).isEmpty();
  }

  @Test
  void a_bad_escape_makes_the_string_invalid_and_reports_at_its_column() {
    assertThat(read("\"ab\\xcd\"")).isInstanceOf(ErrorValue.class);
    assertThat(sink.sorted())
        .singleElement()
        .satisfies(d -> assertThat(d.span()).hasToString("1:4"));
  }

  @Test
  void an_unterminated_string_keeps_its_text() {
    Value value = StringLiteralReader.read("\"abc", Span.of(1, 1, 4), false, sink);
    assertThat(((StringValue) value).text()).isEqualTo("abc");
  }
}
