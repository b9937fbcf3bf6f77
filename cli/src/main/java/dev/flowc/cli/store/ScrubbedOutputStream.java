package dev.flowc.cli.store;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An output stream that passes its bytes on a line at a time (or at each flush) with {@linkplain
 * Secrets#scrub secrets masked}; a line without a secret passes byte for byte. Lines rather than
 * writes, because a secret may be split across writes (a {@code PrintStream} encodes long strings
 * in chunks).
 */
public final class ScrubbedOutputStream extends FilterOutputStream {
  /** A line this long is passed on even without a newline, so memory stays bounded. */
  private static final int MAX_PENDING = 64 * 1024;

  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  public ScrubbedOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    pending.write(b);
    if (b == '\n' || pending.size() >= MAX_PENDING) {
      emit();
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    int start = offset;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (bytes[i] == '\n') {
        pending.write(bytes, start, i + 1 - start);
        start = i + 1;
        emit();
      }
    }
    pending.write(bytes, start, end - start);
    if (pending.size() >= MAX_PENDING) {
      emit();
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    emit();
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
    out.close();
  }

  private void emit() throws IOException {
    if (pending.size() == 0) {
      return;
    }
    byte[] bytes = pending.toByteArray();
    pending.reset();
    String text = new String(bytes, StandardCharsets.UTF_8);
    String scrubbed = Secrets.scrub(text);
    out.write(scrubbed.equals(text) ? bytes : scrubbed.getBytes(StandardCharsets.UTF_8));
  }
}
