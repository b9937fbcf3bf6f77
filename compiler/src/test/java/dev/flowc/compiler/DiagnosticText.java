package dev.flowc.compiler;

import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.source.Span;
import java.util.List;

/**
 * Diagnostics as the golden files write them: {@code LINE:COL-ENDLINE:ENDCOL severity CODE
 * message}, each note on its own line indented by two spaces ({@code help: ...}, {@code note: ...
 * (L:C)}).
 */
public final class DiagnosticText {
  private DiagnosticText() {}

  public static String render(List<Diagnostic> diagnostics) {
    StringBuilder text = new StringBuilder();
    for (Diagnostic diagnostic : diagnostics) {
      text.append(render(diagnostic)).append('\n');
    }
    return text.toString();
  }

  public static String render(Diagnostic diagnostic) {
    StringBuilder text = new StringBuilder(line(diagnostic));
    for (Note note : diagnostic.notes()) {
      text.append("\n  ").append(note);
    }
    return text.toString();
  }

  /** The first line only, without notes. */
  public static String line(Diagnostic diagnostic) {
    return range(diagnostic.span())
        + " "
        + diagnostic.severity().id()
        + " "
        + diagnostic.code()
        + " "
        + diagnostic.message();
  }

  public static String range(Span span) {
    return span.line() + ":" + span.column() + "-" + span.endLine() + ":" + span.endColumn();
  }
}
