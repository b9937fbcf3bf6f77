package dev.flowc.compiler.parse;

import dev.flowc.compiler.ast.ErrorValue;
import dev.flowc.compiler.ast.NameValue;
import dev.flowc.compiler.ast.Reference;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text of a string token: decodes escapes (backslash escapes for quote, backslash, n, t,
 * r, dollar and u{XXXX}) and splits out {@code ${reference}} interpolations, reporting bad ones as
 * FLOW002 at the exact column.
 */
final class StringLiteralReader {
  private final int[] chars;
  private final int line;
  private final int firstColumn;
  private final Span span;
  private final DiagnosticSink sink;
  private final Scope scope;
  private final List<StringValue.Part> parts = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();
  private boolean failed;

  private StringLiteralReader(
      int[] chars, int line, int firstColumn, Span span, DiagnosticSink sink, Scope scope) {
    this.chars = chars;
    this.scope = scope;
    this.line = line;
    this.firstColumn = firstColumn;
    this.span = span;
    this.sink = sink;
  }

  /**
   * @param token the token's text, from the opening quote to the closing one if any
   * @param terminated whether the token ends with its closing quote
   * @return a {@link StringValue}, or an {@link ErrorValue} when the string is malformed
   */
  static Value read(String token, Span span, boolean terminated, DiagnosticSink sink) {
    return read(token, span, terminated, sink, null);
  }

  /**
   * @param scope the names a stage's value can use in {@code ${...}}, or {@code null}
   */
  static Value read(String token, Span span, boolean terminated, DiagnosticSink sink, Scope scope) {
    int[] all = token.codePoints().toArray();
    int end = terminated ? all.length - 1 : all.length;
    int[] content = java.util.Arrays.copyOfRange(all, 1, Math.max(1, end));
    StringLiteralReader reader =
        new StringLiteralReader(content, span.line(), span.column() + 1, span, sink, scope);
    return reader.read();
  }

  private Value read() {
    int i = 0;
    while (i < chars.length) {
      int c = chars[i];
      if (c == '\\') {
        i = escape(i);
      } else if (c == '$' && i + 1 < chars.length && chars[i + 1] == '{') {
        i = interpolation(i);
      } else if (isInvisibleControl(c)) {
        error(
            i,
            1,
            "control character U+%04X in a string".formatted(c),
            Note.help(
                "write it as an escape ('\\u{%X}'), so that it cannot hide in the source"
                    .formatted(c)));
        i++;
      } else {
        text.appendCodePoint(c);
        i++;
      }
    }
    flushText();
    return failed ? new ErrorValue(span) : new StringValue(parts, span);
  }

  /**
   * Control characters other than tab, and the bidirectional overrides that can make source text
   * read differently from what it is ("Trojan Source").
   */
  private static boolean isInvisibleControl(int c) {
    return (c < 0x20 && c != '\t')
        || (c >= 0x7F && c <= 0x9F)
        || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
  }

  private int escape(int at) {
    if (at + 1 >= chars.length) {
      // A lone backslash before the end: only possible in an unterminated string, already reported.
      return at + 1;
    }
    int c = chars[at + 1];
    switch (c) {
      case '"', '\\', '$' -> text.appendCodePoint(c);
      case 'n' -> text.append('\n');
      case 't' -> text.append('\t');
      case 'r' -> text.append('\r');
      case 'u' -> {
        return unicodeEscape(at);
      }
      default -> {
        error(
            at,
            2,
            "unknown escape '\\%s' in a string".formatted(new String(Character.toChars(c))),
            Note.help(
                "the escapes are \\\" \\\\ \\n \\t \\r \\$ and \\u{XXXX}; write '\\\\' for a backslash"));
      }
    }
    return at + 2;
  }

  private int unicodeEscape(int at) {
    int open = at + 2;
    int close = open;
    while (close < chars.length && chars[close] != '}' && close - open <= 8) {
      close++;
    }
    if (open >= chars.length
        || chars[open] != '{'
        || close >= chars.length
        || chars[close] != '}') {
      error(
          at,
          Math.min(2, chars.length - at),
          "a unicode escape is written '\\u{XXXX}' with 1 to 6 hex digits");
      return at + 2;
    }
    String hex = new String(chars, open + 1, close - open - 1);
    int codePoint = -1;
    if (hex.matches("[0-9A-Fa-f]{1,6}")) {
      codePoint = Integer.parseInt(hex, 16);
    }
    if (codePoint < 0
        || codePoint > Character.MAX_CODE_POINT
        || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
      error(
          at,
          close - at + 1,
          "'\\u{%s}' is not a valid unicode character".formatted(hex),
          Note.help("write 1 to 6 hex digits of a code point up to 10FFFF, not a surrogate"));
    } else {
      text.appendCodePoint(codePoint);
    }
    return close + 1;
  }

  private int interpolation(int at) {
    int close = at + 2;
    while (close < chars.length && chars[close] != '}') {
      close++;
    }
    if (close >= chars.length) {
      error(
          at,
          chars.length - at,
          "unterminated interpolation: '${' has no closing '}'",
          Note.help("write '\\${' for a literal '${'"));
      return chars.length;
    }
    int start = at + 2;
    int end = close;
    while (start < end && Character.isWhitespace(chars[start])) {
      start++;
    }
    while (end > start && Character.isWhitespace(chars[end - 1])) {
      end--;
    }
    Value value = reference(start, end);
    if (value instanceof Reference reference) {
      flushText();
      parts.add(new StringValue.Interpolation(reference));
    } else if (!(value instanceof ErrorValue)) {
      String inside = new String(chars, at + 2, close - at - 2);
      error(
          at,
          close - at + 1,
          "'${%s}' does not hold a reference".formatted(inside),
          Note.help(
              "interpolate 'params.NAME' or 'STAGE.result'; write '\\${' for a literal '${'"));
    }
    return close + 1;
  }

  /** Parses {@code ident ('.' ident | '[' digits ']')*} in {@code chars[start, end)}. */
  private Value reference(int start, int end) {
    int i = start;
    int headEnd = identEnd(i, end);
    if (headEnd == i) {
      return new NameValue("", spanOf(start, Math.max(1, end - start)));
    }
    String head = new String(chars, i, headEnd - i);
    Span headSpan = spanOf(i, headEnd - i);
    List<ReferenceReader.Segment> segments = new ArrayList<>();
    i = headEnd;
    while (i < end) {
      if (chars[i] == '.') {
        int nameEnd = identEnd(i + 1, end);
        if (nameEnd == i + 1) {
          return new NameValue("", spanOf(i, 1));
        }
        segments.add(
            new ReferenceReader.Segment(
                false, new String(chars, i + 1, nameEnd - i - 1), spanOf(i + 1, nameEnd - i - 1)));
        i = nameEnd;
      } else if (chars[i] == '[') {
        int digitsEnd = i + 1;
        while (digitsEnd < end
            && (Character.isDigit(chars[digitsEnd]) || chars[digitsEnd] == '-')) {
          digitsEnd++;
        }
        if (digitsEnd == i + 1 || digitsEnd >= end || chars[digitsEnd] != ']') {
          return new NameValue("", spanOf(i, 1));
        }
        segments.add(
            new ReferenceReader.Segment(
                true, new String(chars, i + 1, digitsEnd - i - 1), spanOf(i, digitsEnd - i + 1)));
        i = digitsEnd + 1;
      } else {
        return new NameValue("", spanOf(i, 1));
      }
    }
    return ReferenceReader.read(
        head,
        headSpan,
        head.equals(ReferenceReader.PARAMS),
        segments,
        spanOf(start, end - start),
        DiagnosticCode.FLOW002,
        sink,
        scope);
  }

  private int identEnd(int i, int end) {
    if (i >= end || !(Character.isLetter(chars[i]) && chars[i] < 128 || chars[i] == '_')) {
      return i;
    }
    int j = i + 1;
    while (j < end && (chars[j] < 128 && Character.isLetterOrDigit(chars[j]) || chars[j] == '_')) {
      j++;
    }
    return j;
  }

  private void flushText() {
    if (!text.isEmpty()) {
      parts.add(new StringValue.Text(text.toString()));
      text.setLength(0);
    }
  }

  private Span spanOf(int index, int length) {
    return Span.of(line, firstColumn + index, length);
  }

  private void error(int index, int length, String message, Note... notes) {
    failed = true;
    sink.report(DiagnosticCode.FLOW002, spanOf(index, Math.max(1, length)), message, notes);
  }
}
