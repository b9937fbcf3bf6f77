package dev.flowc.compiler.diagnostic;

import dev.flowc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One problem found in a source file.
 *
 * @param code the stable code, which also decides the severity
 * @param span where the problem is: the name or value at fault
 * @param message what is wrong, starting in lower case and naming things in single quotes
 * @param notes fixes and explanations
 */
public record Diagnostic(DiagnosticCode code, Span span, String message, List<Note> notes) {
  public Diagnostic {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(message, "message");
    notes = List.copyOf(notes);
  }

  public static Diagnostic of(DiagnosticCode code, Span span, String message, Note... notes) {
    return new Diagnostic(code, span, message, List.of(notes));
  }

  public Severity severity() {
    return code.severity();
  }

  /** This diagnostic with one more note. */
  public Diagnostic withNote(Note note) {
    List<Note> more = new ArrayList<>(notes);
    more.add(note);
    return new Diagnostic(code, span, message, more);
  }
}
