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
      for (Diagnostic diagnostic : file.diagnostics()) {
        write(file.source(), diagnostic, out);
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

  private void write(SourceFile source, Diagnostic d, PrintWriter out) {
    Span span = d.span();
    out.println(
        style.bold(source.path() + ":" + span.line() + ":" + span.column() + ":")
            + " "
            + style.severity(d.severity(), d.severity().id() + "[" + d.code().name() + "]")
            + ": "
            + style.bold(d.message()));
    String number = Integer.toString(span.line());
    String pad = " ".repeat(number.length());
    int[] line = source.line(span.line()).codePoints().toArray();
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
      shown.appendCodePoint(line[i]);
    }
    if (to < line.length) {
      shown.append("...");
    }
    for (int i = from; i < Math.min(start, to); i++) {
      marker.append(line[i] == '\t' ? '\t' : ' ');
    }
    int length = Math.max(1, Math.min(end, to) - start);
    marker.append('^').append("~".repeat(length - 1));
    out.println(style.gutter(number + " |") + " " + shown);
    out.println(style.gutter(pad + " |") + " " + style.severity(d.severity(), marker.toString()));
    for (Note note : d.notes()) {
      String location =
          note.span() == null
              ? ""
              : " (" + source.path() + ":" + note.span().line() + ":" + note.span().column() + ")";
      out.println(
          style.gutter(pad + " =")
              + " "
              + style.help(note.kind().id() + ":")
              + " "
              + note.message()
              + location);
    }
    out.println();
  }

  private static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
