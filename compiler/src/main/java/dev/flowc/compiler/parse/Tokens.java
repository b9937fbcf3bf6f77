package dev.flowc.compiler.parse;

import dev.flowc.compiler.source.Span;
import dev.flowc.grammar.FlowLexer;
import org.antlr.v4.runtime.Token;

/** Source spans and descriptions of tokens: the one place ANTLR positions become 1-based. */
final class Tokens {
  private Tokens() {}

  static Span span(Token token) {
    // Tokens the parser conjures while recovering have no text in the source. Indexes into the
    // code point stream count code points, so no string needs to be made.
    int length =
        token.getType() == Token.EOF || token.getStartIndex() < 0
            ? 0
            : token.getStopIndex() - token.getStartIndex() + 1;
    return Span.of(token.getLine(), token.getCharPositionInLine() + 1, length);
  }

  static boolean isKeyword(int type) {
    return switch (type) {
      case FlowLexer.PIPELINE,
          FlowLexer.STAGE,
          FlowLexer.QUEUE,
          FlowLexer.PARAMS,
          FlowLexer.DEFAULTS,
          FlowLexer.AFTER,
          FlowLexer.TRUE,
          FlowLexer.FALSE,
          FlowLexer.NULL ->
          true;
      default -> false;
    };
  }

  /** The token as a message names it: {@code '}'}, {@code keyword 'stage'}, {@code end of file}. */
  static String describe(Token token) {
    String text = token.getText();
    return switch (token.getType()) {
      case Token.EOF -> "end of file";
      case FlowLexer.STRING, FlowLexer.UNTERMINATED_STRING -> "string " + abbreviate(text);
      case FlowLexer.INT, FlowLexer.FLOAT, FlowLexer.BAD_NUMBER -> "number " + abbreviate(text);
      case FlowLexer.DURATION -> "duration " + text;
      case FlowLexer.RATE -> "rate " + text;
      case FlowLexer.IDENT, FlowLexer.BACKOFF, FlowLexer.FIXED, FlowLexer.MAX, FlowLexer.SCHEDULE ->
          "name '" + abbreviate(text) + "'";
      default -> isKeyword(token.getType()) ? "keyword '" + text + "'" : "'" + text + "'";
    };
  }

  private static String abbreviate(String text) {
    return text.length() <= 32 ? text : text.substring(0, 29) + "...";
  }

  /** A character as a message shows it: printable ones quoted, others by code point. */
  static String describeChar(int codePoint) {
    String name =
        switch (codePoint) {
          case 0x00A0 -> "no-break space";
          case 0x200B -> "zero-width space";
          case 0x2018, 0x2019 -> "curly quote";
          case 0x201C, 0x201D -> "curly double quote";
          default -> null;
        };
    if (name != null) {
      return "%s (U+%04X)".formatted(name, codePoint);
    }
    if (Character.isISOControl(codePoint)
        || Character.isWhitespace(codePoint)
        || !Character.isDefined(codePoint)) {
      return "U+%04X".formatted(codePoint);
    }
    return "'" + new String(Character.toChars(codePoint)) + "'";
  }
}
