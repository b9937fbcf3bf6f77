package dev.flowc.compiler.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.source.Span;
import org.junit.jupiter.api.Test;

class SuppressionsTest {
  private final Suppressions suppressions = new Suppressions();

  private static Diagnostic at(DiagnosticCode code, int line) {
    return Diagnostic.of(code, Span.of(line, 1, 1), "m");
  }

  @Test
  void a_comment_silences_the_warnings_it_names_on_its_line_and_the_next() {
    suppressions.readComment("# flowc:ignore FLOW401 FLOW402", 3);
    assertThat(suppressions.silences(at(DiagnosticCode.FLOW401, 3))).isTrue();
    assertThat(suppressions.silences(at(DiagnosticCode.FLOW402, 4))).isTrue();
    assertThat(suppressions.silences(at(DiagnosticCode.FLOW401, 5))).isFalse();
    assertThat(suppressions.silences(at(DiagnosticCode.FLOW401, 2))).isFalse();
    assertThat(suppressions.silences(at(DiagnosticCode.FLOW403, 3))).isFalse();
  }

  @Test
  void errors_are_named_but_never_silenced() {
    suppressions.readComment("// flowc:ignore FLOW304", 1);
    assertThat(suppressions.names(at(DiagnosticCode.FLOW304, 1))).isTrue();
    assertThat(suppressions.silences(at(DiagnosticCode.FLOW304, 1))).isFalse();
  }

  @Test
  void other_comments_silence_nothing() {
    suppressions.readComment("# ignore FLOW401, flowc:ignored FLOW402", 1);
    assertThat(suppressions.silences(at(DiagnosticCode.FLOW401, 1))).isFalse();
    assertThat(suppressions.silences(at(DiagnosticCode.FLOW402, 1))).isFalse();
  }
}
