package dev.flowc.compiler;

import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Severity;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.compiler.source.Span;
import dev.flowc.dag.PlanCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code flowc check} or {@code flowc compile} command as the docs show it, run through {@link
 * FlowCompiler} and printed the way the CLI prints it without colour: each diagnostic as {@code
 * PATH:LINE:COL: SEVERITY[CODE]: message}, the source line, a marker under the span and the notes;
 * then the summary line ({@code check}) or the IR ({@code compile}).
 */
final class FlowcTranscript {
  /** Lines longer than this are shown by the CLI as a window around the span. */
  private static final int MAX_SHOWN = 160;

  private final String command;
  private final String file;
  private final Map<String, String> params = new LinkedHashMap<>();
  private String emit = "json";
  private List<Diagnostic> diagnostics;

  /**
   * @param commandLine {@code $ flowc check FILE} or {@code $ flowc compile FILE [--param
   *     NAME=VALUE ...] [--emit json|yaml]}
   */
  FlowcTranscript(String commandLine) {
    String[] words = commandLine.strip().split(" +");
    if (words.length < 4 || !words[0].equals("$") || !words[1].equals("flowc")) {
      throw new IllegalArgumentException("not a flowc command: " + commandLine);
    }
    command = words[2];
    file = words[3];
    if (!command.equals("check") && !command.equals("compile")) {
      throw new IllegalArgumentException("only check and compile can be run: " + commandLine);
    }
    for (int i = 4; i < words.length; i++) {
      String option = words[i];
      if (i + 1 == words.length) {
        throw new IllegalArgumentException("option without a value: " + commandLine);
      }
      String value = words[++i];
      switch (option) {
        case "--param" -> {
          int eq = value.indexOf('=');
          params.put(value.substring(0, eq), value.substring(eq + 1));
        }
        case "--emit" -> emit = value;
        default -> throw new IllegalArgumentException("unsupported option " + option);
      }
    }
  }

  /** Runs the command on {@code text} saved as the command's file; returns what flowc prints. */
  String run(String text) {
    SourceFile source = SourceFile.of(file, text);
    StringBuilder out = new StringBuilder();
    if (command.equals("check")) {
      CheckResult result = FlowCompiler.check(source);
      diagnostics = result.diagnostics();
      diagnostics.forEach(d -> render(source, d, out));
      out.append(plural(result.errors(), "error"))
          .append(", ")
          .append(plural(result.warnings(), "warning"))
          .append(" in 1 file\n");
    } else {
      CompileResult result = FlowCompiler.compile(source, params);
      diagnostics = result.diagnostics();
      diagnostics.forEach(d -> render(source, d, out));
      result
          .plan()
          .ifPresent(
              plan ->
                  out.append(
                      emit.equals("yaml") ? PlanCodec.toYaml(plan) : PlanCodec.toJson(plan)));
    }
    return out.toString();
  }

  /** The diagnostics of the last {@link #run}, in the order reported. */
  List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /** The file the command reads. */
  String file() {
    return file;
  }

  /** {@code example.flow:2:17: error[FLOW201]: unknown stage 'bogus'}. */
  static String header(String file, Diagnostic d) {
    return "%s:%d:%d: %s[%s]: %s"
        .formatted(
            file,
            d.span().line(),
            d.span().column(),
            d.severity().id(),
            d.code().name(),
            d.message());
  }

  private void render(SourceFile source, Diagnostic d, StringBuilder out) {
    Span span = d.span();
    out.append(header(file, d)).append('\n');
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
    out.append(number).append(" | ").append(shown).append('\n');
    out.append(pad).append(" | ").append(marker).append('\n');
    for (Note note : d.notes()) {
      String location =
          note.span() == null
              ? ""
              : " (%s:%d:%d)".formatted(file, note.span().line(), note.span().column());
      out.append(pad)
          .append(" = ")
          .append(note.kind().id())
          .append(": ")
          .append(note.message())
          .append(location)
          .append('\n');
    }
    out.append('\n');
  }

  /** The codes of {@code diagnostics}, warnings marked, for failure messages. */
  static List<String> codes(List<Diagnostic> diagnostics) {
    List<String> codes = new ArrayList<>();
    for (Diagnostic d : diagnostics) {
      codes.add(d.code().name() + (d.severity() == Severity.WARNING ? " (warning)" : ""));
    }
    return codes;
  }

  private static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
