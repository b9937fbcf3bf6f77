package dev.flowc.runtime.worker;

import dev.flowc.runtime.LogLine;
import java.io.PrintStream;

/**
 * Routes what handlers print to their attempt's log. While installed, {@code System.out} and {@code
 * System.err} are {@link RoutedPrintStream}s: a write made on a thread running a handler (or on a
 * thread such a thread started while it ran) goes to that attempt's {@link AttemptOutput}, every
 * other write to the stream that was there before. Installs are counted (one per running worker);
 * the last one to close puts the original streams back.
 *
 * <p>Not API: {@link dev.flowc.runtime.FlowRuntime.Builder#captureOutput} turns the streams'
 * capture off, {@link dev.flowc.runtime.CurrentJobLog} is what logging backends call.
 */
public final class OutputCapture {
  // Inheritable: a thread a handler starts writes to the same attempt's log.
  private static final InheritableThreadLocal<AttemptOutput> CURRENT =
      new InheritableThreadLocal<>();
  private static final Object LOCK = new Object();
  private static int installs;
  private static RoutedPrintStream out;
  private static RoutedPrintStream err;

  private OutputCapture() {}

  /** One install; closing it (once) undoes it. */
  public static final class Installation implements AutoCloseable {
    private boolean closed;

    private Installation() {}

    @Override
    public void close() {
      synchronized (LOCK) {
        if (closed) {
          return;
        }
        closed = true;
        if (--installs > 0) {
          return;
        }
        // Put back only our own streams: if the application replaced them meanwhile, its
        // stream stays (ours, if it wraps them, passes every write through when nothing runs).
        if (System.out == out) {
          System.setOut(out.original());
        }
        if (System.err == err) {
          System.setErr(err.original());
        }
        out = null;
        err = null;
      }
    }
  }

  /** Routes {@code System.out} and {@code System.err} until the returned installation closes. */
  public static Installation install() {
    synchronized (LOCK) {
      if (installs++ == 0) {
        out = new RoutedPrintStream(System.out, LogLine.Level.STDOUT);
        err = new RoutedPrintStream(System.err, LogLine.Level.STDERR);
        System.setOut(out);
        System.setErr(err);
      }
      return new Installation();
    }
  }

  /** Makes {@code output} the log of the current thread until {@link #leave()}. */
  static void enter(AttemptOutput output) {
    CURRENT.set(output);
  }

  static void leave() {
    CURRENT.remove();
  }

  /** Whether the current thread runs an attempt whose log is open. */
  public static boolean active() {
    return current() != null;
  }

  /** The open log of the attempt running on the current thread, or {@code null}. */
  static AttemptOutput current() {
    AttemptOutput output = CURRENT.get();
    return output == null || output.isClosed() ? null : output;
  }

  /**
   * Records {@code text} in the log of the attempt running on the current thread.
   *
   * @return false when this thread runs no attempt (the caller writes the line elsewhere)
   */
  public static boolean log(LogLine.Level level, String text) {
    AttemptOutput output = CURRENT.get();
    return output != null && output.add(level, text);
  }

  /** Where a line that has no attempt log to go to is written: the process's stderr. */
  static PrintStream processErr() {
    synchronized (LOCK) {
      return err != null ? err.original() : System.err;
    }
  }

  /**
   * A stream that sends each write to the current thread's attempt log, or to the stream it
   * replaced. Every public method is overridden, so no write can bypass the choice.
   */
  static final class RoutedPrintStream extends PrintStream {
    private final PrintStream original;
    private final LogLine.Level level;

    RoutedPrintStream(PrintStream original, LogLine.Level level) {
      super(original, false);
      this.original = original;
      this.level = level;
    }

    PrintStream original() {
      return original;
    }

    private PrintStream target() {
      AttemptOutput output = CURRENT.get();
      return output == null ? original : output.stream(level, original);
    }

    @Override
    public void flush() {
      target().flush();
    }

    @Override
    public void close() {
      // A handler closing "its" System.out must not close the process's, nor its own log.
      if (CURRENT.get() == null) {
        original.close();
      } else {
        target().flush();
      }
    }

    @Override
    public boolean checkError() {
      return target().checkError();
    }

    @Override
    public void write(int b) {
      target().write(b);
    }

    @Override
    public void write(byte[] buf, int off, int len) {
      target().write(buf, off, len);
    }

    @Override
    public void write(byte[] buf) throws java.io.IOException {
      target().write(buf);
    }

    @Override
    public void writeBytes(byte[] buf) {
      target().writeBytes(buf);
    }

    @Override
    public void print(boolean b) {
      target().print(b);
    }

    @Override
    public void print(char c) {
      target().print(c);
    }

    @Override
    public void print(int i) {
      target().print(i);
    }

    @Override
    public void print(long l) {
      target().print(l);
    }

    @Override
    public void print(float f) {
      target().print(f);
    }

    @Override
    public void print(double d) {
      target().print(d);
    }

    @Override
    public void print(char[] s) {
      target().print(s);
    }

    @Override
    public void print(String s) {
      target().print(s);
    }

    @Override
    public void print(Object obj) {
      target().print(obj);
    }

    @Override
    public void println() {
      target().println();
    }

    @Override
    public void println(boolean x) {
      target().println(x);
    }

    @Override
    public void println(char x) {
      target().println(x);
    }

    @Override
    public void println(int x) {
      target().println(x);
    }

    @Override
    public void println(long x) {
      target().println(x);
    }

    @Override
    public void println(float x) {
      target().println(x);
    }

    @Override
    public void println(double x) {
      target().println(x);
    }

    @Override
    public void println(char[] x) {
      target().println(x);
    }

    @Override
    public void println(String x) {
      target().println(x);
    }

    @Override
    public void println(Object x) {
      target().println(x);
    }

    @Override
    public PrintStream printf(String format, Object... args) {
      target().printf(format, args);
      return this;
    }

    @Override
    public PrintStream printf(java.util.Locale l, String format, Object... args) {
      target().printf(l, format, args);
      return this;
    }

    @Override
    public PrintStream format(String format, Object... args) {
      target().format(format, args);
      return this;
    }

    @Override
    public PrintStream format(java.util.Locale l, String format, Object... args) {
      target().format(l, format, args);
      return this;
    }

    @Override
    public PrintStream append(CharSequence csq) {
      target().append(csq);
      return this;
    }

    @Override
    public PrintStream append(CharSequence csq, int start, int end) {
      target().append(csq, start, end);
      return this;
    }

    @Override
    public PrintStream append(char c) {
      target().append(c);
      return this;
    }
  }
}
