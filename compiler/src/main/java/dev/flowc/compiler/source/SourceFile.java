package dev.flowc.compiler.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A {@code .flow} file: its path as the user wrote it, its bytes, and its text when the bytes are
 * valid UTF-8.
 */
public final class SourceFile {
  /** Files larger than this are refused before parsing. */
  public static final long MAX_BYTES = 16L * 1024 * 1024;

  private final String path;
  private final byte[] bytes;
  private final String text;
  private final Span encodingError;
  private final String encodingMessage;
  private List<String> lines;

  private SourceFile(String path, byte[] bytes) {
    this.path = path;
    this.bytes = bytes;
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int offset = in.position();
      out.flip();
      String valid = out.toString();
      this.text = null;
      this.encodingError = positionAtEnd(valid);
      this.encodingMessage =
          "file is not valid UTF-8: byte 0x%02X at offset %d cannot start or continue a character"
              .formatted(bytes[offset] & 0xff, offset);
    } else {
      decoder.flush(out);
      out.flip();
      String decoded = out.toString();
      if (!decoded.isEmpty() && decoded.charAt(0) == '\uFEFF') {
        decoded = decoded.substring(1);
      }
      this.text = normalizeLineBreaks(decoded);
      this.encodingError = null;
      this.encodingMessage = null;
    }
  }

  /** A source file from bytes already in memory. */
  public static SourceFile of(String path, byte[] bytes) {
    return new SourceFile(path, bytes.clone());
  }

  /** A source file from text, as if it had been read from {@code path} as UTF-8. */
  public static SourceFile of(String path, String text) {
    return new SourceFile(path, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads {@code file}, to be shown as {@code displayPath}.
   *
   * @throws IOException when the file cannot be read or is larger than {@link #MAX_BYTES}
   */
  public static SourceFile read(Path file, String displayPath) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException("is a directory");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException(
            "file is too large (over %d MiB); flowc reads pipeline files of up to %d MiB"
                .formatted(MAX_BYTES / (1024 * 1024), MAX_BYTES / (1024 * 1024)));
      }
      return new SourceFile(displayPath, bytes);
    }
  }

  /** The path as the user wrote it. */
  public String path() {
    return path;
  }

  /** The file's text, or empty when its bytes are not valid UTF-8. */
  public Optional<String> text() {
    return Optional.ofNullable(text);
  }

  /** Where the bytes stop being UTF-8, when they do. */
  public Optional<Span> encodingError() {
    return Optional.ofNullable(encodingError);
  }

  /** What is wrong with the encoding, when something is. */
  public Optional<String> encodingMessage() {
    return Optional.ofNullable(encodingMessage);
  }

  /** The SHA-256 of the file's bytes in lower-case hex. */
  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The text of line {@code line} (1-based) without its line break, or "" past the end. */
  public String line(int line) {
    if (lines == null) {
      // Undecodable bytes show as U+FFFD, so that the line of an encoding error can be shown.
      lines = splitLines(text != null ? text : new String(bytes, StandardCharsets.UTF_8));
    }
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
  }

  private static List<String> splitLines(String text) {
    List<String> result = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
        result.add(text.substring(start, end));
        start = i + 1;
      }
    }
    result.add(text.substring(start));
    return result;
  }

  /**
   * Lone carriage returns (old Mac line breaks) become line feeds, so that lines are counted as
   * editors count them; CRLF stays as it is.
   */
  private static String normalizeLineBreaks(String text) {
    if (text.indexOf('\r') < 0) {
      return text;
    }
    return text.replaceAll("\r(?!\n)", "\n");
  }

  /**
   * The position just after {@code prefix}, one column wide: however many bytes are bad, the line
   * shows them as one U+FFFD (see {@link #line}), so a wider span would end past the line.
   */
  private static Span positionAtEnd(String prefix) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < prefix.length(); ) {
      int cp = prefix.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return Span.of(line, column, 1);
  }
}
