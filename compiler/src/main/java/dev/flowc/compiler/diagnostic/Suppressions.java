package dev.flowc.compiler.diagnostic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code # flowc:ignore CODE...} comments of a file. A comment silences the warnings it names
 * on its own line and on the line below. Errors cannot be silenced: a pipeline with errors would
 * not run, so hiding them would only move the failure.
 */
public final class Suppressions {
  private static final Pattern IGNORE = Pattern.compile("flowc:ignore\\b(.*)");
  private static final Pattern CODE = Pattern.compile("FLOW\\d{3}");

  private final Map<Integer, Set<String>> codesByLine = new HashMap<>();

  /** Reads a comment's text (with its {@code #} or {@code //}) found on {@code line}. */
  public void readComment(String comment, int line) {
    Matcher matcher = IGNORE.matcher(comment);
    if (!matcher.find()) {
      return;
    }
    Matcher codes = CODE.matcher(matcher.group(1));
    while (codes.find()) {
      for (int target : new int[] {line, line + 1}) {
        codesByLine.computeIfAbsent(target, k -> new HashSet<>()).add(codes.group());
      }
    }
  }

  /** Whether an ignore comment names the diagnostic's code at its line. */
  public boolean names(Diagnostic diagnostic) {
    return codesByLine
        .getOrDefault(diagnostic.span().line(), Set.of())
        .contains(diagnostic.code().name());
  }

  /** Whether the diagnostic is silenced: a warning named by an ignore comment. */
  public boolean silences(Diagnostic diagnostic) {
    return diagnostic.severity() == Severity.WARNING && names(diagnostic);
  }

  /**
   * {@code diagnostics} without the silenced warnings; an error an ignore comment names stays, with
   * a note saying that errors cannot be silenced.
   */
  public List<Diagnostic> apply(List<Diagnostic> diagnostics) {
    List<Diagnostic> kept = new ArrayList<>(diagnostics.size());
    for (Diagnostic diagnostic : diagnostics) {
      if (silences(diagnostic)) {
        continue;
      }
      kept.add(
          names(diagnostic)
              ? diagnostic.withNote(
                  Note.note("errors cannot be silenced with 'flowc:ignore'; only warnings can"))
              : diagnostic);
    }
    return kept;
  }
}
