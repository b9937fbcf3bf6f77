package dev.flowc.runtime.worker;

import dev.flowc.runtime.AttemptLog;
import dev.flowc.runtime.LogLine;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The log of one attempt while it runs: the lines its handler prints (on its threads, while output
 * is captured) and logs (through {@link JobLogger}). Bounded: the first lines up to half the budget
 * are kept, then a window of the latest lines; what falls out of the window is counted. A closed
 * log takes nothing more: writes to it go on to the stream they would have gone to without capture.
 */
final class AttemptOutput {
  /** At most this many lines are kept per attempt. */
  static final int MAX_LINES = 1_000;

  /** At most this many characters of text are kept per attempt. */
  static final int MAX_CHARS = 64 * 1024;

  /** A longer line is cut to this many characters. */
  static final int MAX_LINE_CHARS = 8 * 1024;

  private static final String LINE_CUT = " [line cut]";

  private final Clock clock;
  private final Charset charset;
  // Allocated on the first line: most jobs print nothing.
  private List<LogLine> head;
  private ArrayDeque<LogLine> tail;
  private int headChars;
  private int tailChars;
  private boolean headFull;
  private int omitted;
  private boolean closed;
  private PrintStream out;
  private PrintStream err;
  private LineSink outSink;
  private LineSink errSink;

  AttemptOutput(Clock clock, Charset charset) {
    this.clock = clock;
    this.charset = charset;
  }

  /** Records one whole entry; false when the log is closed (the caller writes it elsewhere). */
  synchronized boolean add(LogLine.Level level, String text) {
    if (closed) {
      return false;
    }
    keep(new LogLine(clock.instant(), level, cut(text)));
    return true;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /**
   * A stream that records what is printed to it as lines of {@code level}, or writes it to {@code
   * fallback} once the log is closed.
   */
  synchronized PrintStream stream(LogLine.Level level, PrintStream fallback) {
    if (closed) {
      return fallback;
    }
    if (level == LogLine.Level.STDERR) {
      if (err == null) {
        errSink = new LineSink(level, fallback);
        err = new PrintStream(errSink, false, charset);
      }
      return err;
    }
    if (out == null) {
      outSink = new LineSink(level, fallback);
      out = new PrintStream(outSink, false, charset);
    }
    return out;
  }

  /**
   * Closes the log: a line printed without its line break yet is kept, later writes go on to their
   * fallback streams.
   *
   * @return what was recorded, or {@code null} when nothing was
   */
  synchronized AttemptLog close(int attempt) {
    if (closed) {
      return null;
    }
    if (outSink != null) {
      outSink.flushLine();
    }
    if (errSink != null) {
      errSink.flushLine();
    }
    closed = true;
    if (head == null) {
      return null;
    }
    List<LogLine> lines = new ArrayList<>(head.size() + (tail == null ? 0 : tail.size()));
    lines.addAll(head);
    if (tail != null) {
      lines.addAll(tail);
    }
    AttemptLog log = new AttemptLog(attempt, lines, omitted, omitted == 0 ? 0 : head.size());
    // A thread the handler started may hold on to this object for ever: keep it small.
    head = null;
    tail = null;
    return log;
  }

  private void keep(LogLine line) {
    if (head == null) {
      head = new ArrayList<>();
    }
    int chars = line.text().length();
    if (!headFull) {
      if (head.size() < MAX_LINES / 2 && headChars + chars <= MAX_CHARS / 2) {
        head.add(line);
        headChars += chars;
        return;
      }
      headFull = true;
      tail = new ArrayDeque<>();
    }
    tail.addLast(line);
    tailChars += chars;
    while (tail.size() > MAX_LINES / 2 || tailChars > MAX_CHARS / 2) {
      tailChars -= tail.removeFirst().text().length();
      omitted++;
    }
  }

  private static String cut(String text) {
    return text.length() <= MAX_LINE_CHARS ? text : text.substring(0, MAX_LINE_CHARS) + LINE_CUT;
  }

  /** Assembles printed bytes into lines. */
  private final class LineSink extends OutputStream {
    private final LogLine.Level level;
    private final PrintStream fallback;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    // A line longer than the bound: the rest of it, up to its line break, is dropped.
    private boolean skipping;

    LineSink(LogLine.Level level, PrintStream fallback) {
      this.level = level;
      this.fallback = fallback;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      synchronized (AttemptOutput.this) {
        if (!closed) {
          append(bytes, offset, length);
          return;
        }
      }
      // Closed meanwhile (a thread the handler started outlived the attempt).
      fallback.write(bytes, offset, length);
    }

    @Override
    public void flush() {
      // Lines are recorded whole; a partial one waits for its line break or the attempt's end.
    }

    /** Called holding the log's lock. */
    private void append(byte[] bytes, int offset, int length) {
      int start = offset;
      int end = offset + length;
      for (int i = offset; i < end; i++) {
        if (bytes[i] == '\n') {
          take(bytes, start, i - start);
          if (!skipping) {
            record();
          }
          skipping = false;
          start = i + 1;
        }
      }
      take(bytes, start, end - start);
    }

    private void take(byte[] bytes, int offset, int length) {
      if (skipping || length == 0) {
        return;
      }
      // UTF-8 takes at most 4 bytes a character: this many bytes hold at least the bound.
      int room = MAX_LINE_CHARS * 4 - partial.size();
      if (length <= room) {
        partial.write(bytes, offset, length);
        return;
      }
      partial.write(bytes, offset, room);
      String text = partial.toString(charset);
      partial.reset();
      String kept = text.length() > MAX_LINE_CHARS ? text.substring(0, MAX_LINE_CHARS) : text;
      keep(new LogLine(clock.instant(), level, kept + LINE_CUT));
      skipping = true;
    }

    /** Records a line printed without its line break yet; called holding the log's lock. */
    void flushLine() {
      if (partial.size() > 0) {
        record();
      }
    }

    private void record() {
      String text = partial.toString(charset);
      partial.reset();
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      keep(new LogLine(clock.instant(), level, cut(text)));
    }
  }
}
