package dev.flowc.compiler.diagnostic;

import dev.flowc.compiler.source.Span;
import java.util.Locale;
import java.util.Objects;

/**
 * Extra information attached to a diagnostic: a {@link Kind#HELP} suggests a fix, a {@link
 * Kind#NOTE} explains, optionally pointing at another place in the same file.
 *
 * @param span the place the note is about, or {@code null}
 */
public record Note(Kind kind, String message, Span span) {
  /** What a note is for. */
  public enum Kind {
    HELP,
    NOTE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Note {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  public static Note help(String message) {
    return new Note(Kind.HELP, message, null);
  }

  public static Note note(String message) {
    return new Note(Kind.NOTE, message, null);
  }

  public static Note note(String message, Span span) {
    return new Note(Kind.NOTE, message, span);
  }

  /**
   * The note as one line: {@code help: did you mean 'x'?} or {@code note: first declared here
   * (2:9)}.
   */
  @Override
  public String toString() {
    return kind.id() + ": " + message + (span == null ? "" : " (" + span + ")");
  }
}
