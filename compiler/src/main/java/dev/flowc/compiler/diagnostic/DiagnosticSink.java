package dev.flowc.compiler.diagnostic;

import dev.flowc.compiler.source.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the diagnostics of one file; checks report here instead of throwing. */
public final class DiagnosticSink {
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  public void report(Diagnostic diagnostic) {
    diagnostics.add(diagnostic);
  }

  public void report(DiagnosticCode code, Span span, String message, Note... notes) {
    report(Diagnostic.of(code, span, message, notes));
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
  }

  /** How many diagnostics with {@code code} have been reported. */
  public long count(DiagnosticCode code) {
    return diagnostics.stream().filter(d -> d.code() == code).count();
  }

  /** Everything reported, ordered by position, then code. */
  public List<Diagnostic> sorted() {
    List<Diagnostic> result = new ArrayList<>(diagnostics);
    result.sort(
        Comparator.comparing(Diagnostic::span, Span::compareStart).thenComparing(Diagnostic::code));
    return List.copyOf(result);
  }
}
