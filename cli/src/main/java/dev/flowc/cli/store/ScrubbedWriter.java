package dev.flowc.cli.store;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that passes its text on a line at a time (or at each flush) with {@linkplain
 * Secrets#scrub secrets masked}: flowc's stdout and stderr, and the stack traces of {@code
 * --debug}.
 */
public final class ScrubbedWriter extends Writer {
  /** A line this long is passed on even without a newline, so memory stays bounded. */
  private static final int MAX_PENDING = 64 * 1024;

  private final Writer out;
  private final StringBuilder pending = new StringBuilder();

  public ScrubbedWriter(Writer out) {
    super(out);
    this.out = out;
  }

  @Override
  public void write(char[] chars, int offset, int length) throws IOException {
    synchronized (lock) {
      int start = offset;
      int end = offset + length;
      for (int i = offset; i < end; i++) {
        if (chars[i] == '\n') {
          pending.append(chars, start, i + 1 - start);
          start = i + 1;
          emit();
        }
      }
      pending.append(chars, start, end - start);
      if (pending.length() >= MAX_PENDING) {
        emit();
      }
    }
  }

  @Override
  public void flush() throws IOException {
    synchronized (lock) {
      emit();
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (lock) {
      flush();
      out.close();
    }
  }

  private void emit() throws IOException {
    if (pending.length() > 0) {
      String text = pending.toString();
      pending.setLength(0);
      out.write(Secrets.scrub(text));
    }
  }
}
