package dev.flowc.cli.render;

import dev.flowc.runtime.AttemptLog;
import dev.flowc.runtime.LogLine;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * An attempt's log as text: one line per entry, {@code 14:26:32.120 stdout text}, in local time,
 * the lines of a multi-line entry (a stack trace) under its text, and a marker where the bound
 * dropped lines.
 */
public final class LogText {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  // "14:26:32.120 stdout  ": where an entry's text starts.
  private static final String CONTINUATION = " ".repeat(21);

  private LogText() {}

  /** Prints every kept line of {@code log}, each after {@code indent}. */
  public static void print(AttemptLog log, String indent, PrintWriter out) {
    List<LogLine> lines = log.lines();
    for (int i = 0; i < lines.size(); i++) {
      if (log.isCut() && i == log.omittedAt()) {
        out.println(indent + omitted(log));
      }
      print(lines.get(i), indent, out);
    }
    if (log.isCut() && log.omittedAt() == lines.size()) {
      out.println(indent + omitted(log));
    }
  }

  /** Prints the last {@code count} lines of {@code log}; true when it left earlier ones out. */
  public static boolean printLast(AttemptLog log, int count, String indent, PrintWriter out) {
    List<LogLine> lines = log.lines();
    int from = Math.max(0, lines.size() - count);
    for (int i = from; i < lines.size(); i++) {
      print(lines.get(i), indent, out);
    }
    return from > 0 || log.isCut();
  }

  /** How many lines {@code log} had in all, kept or not. */
  public static int lineCount(AttemptLog log) {
    return log.lines().size() + log.omittedLines();
  }

  private static void print(LogLine line, String indent, PrintWriter out) {
    String time = TIME.format(line.time().atZone(ZoneId.systemDefault()));
    String[] text = line.text().split("\r?\n", -1);
    out.println(
        "%s%s %-7s %s".formatted(indent, time, line.level().label(), text[0]).stripTrailing());
    for (int i = 1; i < text.length; i++) {
      out.println((indent + CONTINUATION + text[i]).stripTrailing());
    }
  }

  private static String omitted(AttemptLog log) {
    return "... %,d lines omitted (only the first and the last are kept) ..."
        .formatted(log.omittedLines());
  }
}
