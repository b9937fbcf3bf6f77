package dev.flowc.cli.render;

import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Severity;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.compiler.source.Span;
import java.io.PrintWriter;
import java.util.List;

/**
 * Diagnostics for people: {@code PATH:LINE:COL: error[CODE]: message}, the source line with a
 * marker under the span, the notes, and a summary line.
 */
public final class TextReport implements DiagnosticReport {
  /** Lines longer than this are shown as a window around the span. */
  private static final int MAX_SHOWN = 160;

  private final Style style;

  public TextReport(Style style) {
    this.style = style;
  }

  @Override
  public void write(List<FileReport> files, PrintWriter out) {
    writeDiagnostics(files, out);
    out.println(summary(files));
    out.flush();
  }

  /** Every diagnostic, without the summary line. */
  public void writeDiagnostics(List<FileReport> files, PrintWriter out) {
    for (FileReport file : files) {
      LineCache lines = new LineCache(file.source());
      for (Diagnostic diagnostic : file.diagnostics()) {
        write(file.source(), lines, diagnostic, out);
      }
    }
    out.flush();
  }

  /** {@code 2 errors, 1 warning in 1 file}. */
  public static String summary(List<FileReport> files) {
    long errors = FileReport.count(files, Severity.ERROR);
    long warnings = FileReport.count(files, Severity.WARNING);
    return plural(errors, "error")
        + ", "
        + plural(warnings, "warning")
        + " in "
        + plural(files.size(), "file");
  }

  private void write(SourceFile source, LineCache lines, Diagnostic d, PrintWriter out) {
    Span span = d.span();
    out.println(
        style.bold(printable(source.path()) + ":" + span.line() + ":" + span.column() + ":")
            + " "
            + style.severity(d.severity(), d.severity().id() + "[" + d.code().name() + "]")
            + ": "
            + style.bold(printable(d.message())));
    String number = Integer.toString(span.line());
    String pad = " ".repeat(number.length());
    int[] line = lines.codePoints(span.line());
    int start = Math.min(span.column() - 1, line.length);
    int end =
        span.endLine() == span.line() ? Math.min(span.endColumn() - 1, line.length) : line.length;
    int from = 0;
    int to = line.length;
    if (line.length > MAX_SHOWN) {
      from = Math.max(0, start - MAX_SHOWN / 2);
      to = Math.min(line.length, from + MAX_SHOWN);
    }
    StringBuilder shown = new StringBuilder(from > 0 ? "..." : "");
    StringBuilder marker = new StringBuilder(from > 0 ? "   " : "");
    for (int i = from; i < to; i++) {
      shown.appendCodePoint(printable(line[i]));
    }
    if (to < line.length) {
      shown.append("...");
    }
    for (int i = from; i < Math.min(start, to); i++) {
      marker.append(line[i] == '\t' ? '\t' : ' ');
    }
    int length = Math.max(1, Math.min(end, to) - start);
    marker.append('^').append("~".repeat(length - 1));
    out.println(style.gutter(number + " |") + (shown.isEmpty() ? "" : " " + shown));
    out.println(style.gutter(pad + " |") + " " + style.severity(d.severity(), marker.toString()));
    for (Note note : d.notes()) {
      String location =
          note.span() == null
              ? ""
              : " ("
                  + printable(source.path())
                  + ":"
                  + note.span().line()
                  + ":"
                  + note.span().column()
                  + ")";
      out.println(
          style.gutter(pad + " =")
              + " "
              + style.help(note.kind().id() + ":")
              + " "
              + printable(note.message())
              + location);
    }
    out.println();
  }

  /**
   * The code points of the line last shown. Diagnostics come in order of position, so the many
   * diagnostics of one long line convert it once, not once each (which made a 360 KB line with
   * thousands of errors take a minute).
   */
  private static final class LineCache {
    private final SourceFile source;
    private int number;
    private int[] codePoints;

    LineCache(SourceFile source) {
      this.source = source;
    }

    int[] codePoints(int line) {
      if (codePoints == null || number != line) {
        codePoints = source.line(line).codePoints().toArray();
        number = line;
      }
      return codePoints;
    }
  }

  /** {@code text} with every code point a terminal would act on replaced, as below. */
  private static String printable(String text) {
    StringBuilder result = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> result.appendCodePoint(printable(cp)));
    return result.toString();
  }

  /**
   * U+FFFD for a control character (other than tab, which the marker copies) or a bidi control:
   * printed raw, they would move the cursor, recolour the terminal or reorder the line. One code
   * point for one keeps the marker aligned.
   */
  private static int printable(int cp) {
    boolean control = cp != '\t' && Character.isISOControl(cp);
    boolean bidi = (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    return control || bidi ? 0xFFFD : cp;
  }

  private static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
