package dev.flowc.compiler.parse;

import dev.flowc.compiler.ast.Pipeline;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Suggestions;
import dev.flowc.compiler.diagnostic.Suppressions;
import dev.flowc.compiler.source.Span;
import dev.flowc.grammar.FlowLexer;
import dev.flowc.grammar.FlowParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The one entry to parsing: lexes, reports invalid tokens, parses with messages in words, and
 * builds the AST. The only class besides {@link AstBuilder} that touches the generated parser.
 */
public final class FlowSourceParser {
  /** Lists and maps nest at most this deep, as in Jackson's default for JSON; deeper is FLOW001. */
  public static final int MAX_NESTING = 1_000;

  /**
   * The parser sees brackets nested at most this deep, so that its recursion stays bounded: a group
   * deeper down is replaced by a {@code null}. Besides the levels of a value, the pipeline's '{', a
   * block's '{' and a path's '[0]' are brackets, so a group is replaced only inside a value deeper
   * than {@link #MAX_NESTING}, which the AST builder reports at its level too many.
   */
  static final int MAX_BRACKETS = MAX_NESTING + 3;

  static final int MAX_INVALID_TOKENS = 50;

  private FlowSourceParser() {}

  /** Parses {@code text}, reporting problems to {@code sink}. */
  public static ParsedFile parse(String text, DiagnosticSink sink) {
    Suppressions suppressions = new Suppressions();
    Set<Token> unterminated = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Token> malformed = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Span> open = new ArrayDeque<>();
    List<Token> tokens = new ArrayList<>();
    List<Span> tooDeep = new ArrayList<>();
    if (!lex(text, sink, suppressions, unterminated, malformed, open, tooDeep, tokens)) {
      return new ParsedFile(null, true, suppressions);
    }

    Token first = tokens.get(0);
    if (first.getType() != FlowLexer.PIPELINE) {
      // Without 'pipeline NAME {' there is nothing sensible to recover into: say so once.
      Note help =
          first.getType() == FlowLexer.IDENT
                  && Suggestions.closest(first.getText(), List.of("pipeline")).isPresent()
              ? Note.help("did you mean 'pipeline'?")
              : Note.help("a .flow file holds one pipeline: pipeline NAME { ... }");
      sink.report(
          DiagnosticCode.FLOW001,
          Tokens.span(first),
          "expected 'pipeline NAME {' to start the file, found " + Tokens.describe(first),
          help);
      return new ParsedFile(null, true, suppressions);
    }
    CommonTokenStream stream = new CommonTokenStream(new ListTokenSource(tokens));
    // Every token buffered, so that error recovery can read ahead by index (SyntaxErrorStrategy).
    stream.fill();
    FlowParser parser = new FlowParser(stream);
    parser.removeErrorListeners();
    FlowParser.FileContext file;
    boolean recovered = false;
    // Fast path: SLL prediction without recovery, which is enough for almost every file; only a
    // file with a syntax error is parsed again with full LL and recovery.
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    parser.setErrorHandler(new BailErrorStrategy());
    try {
      file = parser.file();
    } catch (ParseCancellationException needsRecovery) {
      recovered = true;
      parser.reset();
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      parser.setErrorHandler(new SyntaxErrorStrategy(sink, () -> Optional.ofNullable(open.peek())));
      try {
        file = parser.file();
      } catch (ParseCancellationException tooManyErrors) {
        return new ParsedFile(null, true, suppressions);
      }
    }
    AstBuilder builder = new AstBuilder(sink, unterminated, malformed, recovered);
    Pipeline pipeline = file.pipeline() == null ? null : builder.pipeline(file.pipeline());
    if (!tooDeep.isEmpty() && !sink.hasErrors()) {
      // Not part of a value the builder read (error recovery skipped it): still say why it went.
      AstBuilder.reportTooDeep(tooDeep.get(0), sink);
    }
    // Counted after building: the builder reports keywords used as names and malformed paths.
    // An unterminated string may have swallowed a use of a param, so it counts too.
    return new ParsedFile(
        pipeline, sink.count(DiagnosticCode.FLOW001) > 0 || !unterminated.isEmpty(), suppressions);
  }

  /**
   * Reads every token, reporting invalid ones and dropping stray characters so that the parser sees
   * as sensible a stream as possible. Returns false when the file is beyond parsing.
   */
  private static boolean lex(
      String text,
      DiagnosticSink sink,
      Suppressions suppressions,
      Set<Token> unterminated,
      Set<Token> malformed,
      Deque<Span> open,
      List<Span> tooDeep,
      List<Token> tokens) {
    FlowLexer lexer = new FlowLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    int invalid = 0;
    List<Token> stray = new ArrayList<>();
    int replacedDepth = 0;
    int parens = 0;
    int bangs = 0;
    for (Token token = lexer.nextToken(); ; token = lexer.nextToken()) {
      if (replacedDepth > 0 && token.getType() != Token.EOF) {
        // Inside a group nested deeper than MAX_BRACKETS, which a null stands for.
        switch (token.getType()) {
          case FlowLexer.LBRACE, FlowLexer.LBRACK -> replacedDepth++;
          case FlowLexer.RBRACE, FlowLexer.RBRACK -> replacedDepth--;
          case FlowLexer.UNTERMINATED_STRING -> endUnterminated(token, lexer);
          default -> {}
        }
        continue;
      }
      if (token.getType() != FlowLexer.UNEXPECTED_CHAR && !stray.isEmpty()) {
        reportStray(stray, sink);
        invalid++;
        stray.clear();
      }
      if (invalid > MAX_INVALID_TOKENS) {
        sink.report(
            DiagnosticCode.FLOW002,
            Tokens.span(token),
            "too many invalid tokens; stopping here (is this a .flow file?)");
        return false;
      }
      switch (token.getType()) {
        case FlowLexer.COMMENT -> suppressions.readComment(token.getText(), token.getLine());
        case FlowLexer.UNEXPECTED_CHAR -> {
          if (!stray.isEmpty() && !adjacent(stray.get(stray.size() - 1), token)) {
            reportStray(stray, sink);
            invalid++;
            stray.clear();
          }
          stray.add(token);
        }
        case FlowLexer.UNTERMINATED_STRING -> {
          invalid++;
          CommonToken string = endUnterminated(token, lexer);
          sink.report(
              DiagnosticCode.FLOW002,
              Tokens.span(string),
              "unterminated string",
              Note.help(
                  "add the closing '\"'; a string cannot span lines (write '\\n' for a line"
                      + " break)"));
          unterminated.add(string);
          tokens.add(string);
        }
        case FlowLexer.NON_ASCII_NAME -> {
          invalid++;
          sink.report(
              DiagnosticCode.FLOW002,
              Tokens.span(token),
              "'%s' is not a valid name".formatted(token.getText()),
              Note.help("names use ASCII letters, digits and '_'; put other text in a string"));
          CommonToken name = new CommonToken(token);
          name.setType(FlowLexer.IDENT);
          tokens.add(name);
        }
        case FlowLexer.SINGLE_QUOTED_STRING -> {
          invalid++;
          String inner = token.getText().substring(1, token.getText().length() - 1);
          sink.report(
              DiagnosticCode.FLOW002,
              Tokens.span(token),
              "strings are written in double quotes",
              Note.help("write \"%s\"".formatted(inner)));
          CommonToken string = new CommonToken(token);
          string.setType(FlowLexer.STRING);
          string.setText("\"" + inner + "\"");
          tokens.add(string);
        }
        case FlowLexer.BAD_NUMBER -> {
          invalid++;
          reportMalformedNumber(token, sink);
          CommonToken number = new CommonToken(token);
          number.setType(FlowLexer.INT);
          malformed.add(number);
          tokens.add(number);
        }
        default -> {
          int type = token.getType();
          // A condition's parentheses and '!' recurse in the parser like brackets do; past the
          // limit the file is not a pipeline anyone wrote, and parsing it could exhaust the stack.
          parens += type == FlowLexer.LPAREN ? 1 : type == FlowLexer.RPAREN && parens > 0 ? -1 : 0;
          bangs = type == FlowLexer.BANG ? bangs + 1 : 0;
          if (parens > MAX_NESTING || bangs > MAX_NESTING) {
            sink.report(
                DiagnosticCode.FLOW001,
                Tokens.span(token),
                "nesting is too deep: a condition nests at most %d levels of '(' or '!'"
                    .formatted(MAX_NESTING));
            return false;
          }
          if ((type == FlowLexer.LBRACE || type == FlowLexer.LBRACK)
              && open.size() == MAX_BRACKETS) {
            tooDeep.add(Tokens.span(token));
            replacedDepth = 1;
            CommonToken placeholder = new CommonToken(token);
            placeholder.setType(FlowLexer.NULL);
            placeholder.setText("null");
            tokens.add(placeholder);
            continue;
          }
          if (type == FlowLexer.LBRACE || type == FlowLexer.LBRACK) {
            open.push(Tokens.span(token));
          } else if ((type == FlowLexer.RBRACE || type == FlowLexer.RBRACK) && !open.isEmpty()) {
            open.pop();
          }
          tokens.add(token);
        }
      }
      if (token.getType() == Token.EOF) {
        return true;
      }
    }
  }

  /**
   * The string token of an unterminated string, ended where the string most likely ends; the lexer
   * goes on from there.
   */
  private static CommonToken endUnterminated(Token token, FlowLexer lexer) {
    CommonToken string = new CommonToken(token);
    string.setType(FlowLexer.STRING);
    int end = guessEnd(token.getText());
    if (end < token.getText().length()) {
      // The closing quote is most likely missing before the first bracket that closes
      // something outside the string: lex the rest of the line again from there, so that
      // the brackets are not lost with the string. The text is UTF-16 but the lexer's
      // indexes and columns count code points.
      int length = token.getText().codePointCount(0, end);
      string.setText(token.getText().substring(0, end));
      string.setStopIndex(token.getStartIndex() + length - 1);
      lexer.getInputStream().seek(token.getStartIndex() + length);
      lexer.setCharPositionInLine(token.getCharPositionInLine() + length);
    }
    return string;
  }

  /**
   * Where an unterminated string most likely ends: before the first '}' or ']' that does not close
   * a '${' of the string itself, or at the end of the line.
   */
  static int guessEnd(String text) {
    int interpolations = 0;
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        interpolations++;
        i++;
      } else if (c == '}' && interpolations > 0) {
        interpolations--;
      } else if (c == '}' || c == ']') {
        return i;
      }
    }
    return text.length();
  }

  private static boolean adjacent(Token before, Token after) {
    return before.getLine() == after.getLine()
        && before.getCharPositionInLine()
                + before.getText().codePointCount(0, before.getText().length())
            == after.getCharPositionInLine();
  }

  private static void reportStray(List<Token> run, DiagnosticSink sink) {
    Token first = run.get(0);
    Span span = Span.of(first.getLine(), first.getCharPositionInLine() + 1, run.size());
    int c = first.getText().codePointAt(0);
    List<Note> notes = new ArrayList<>();
    if (c == '\'') {
      notes.add(Note.help("strings are written in double quotes: \"...\""));
    } else if (c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019) {
      notes.add(Note.help("use a plain double quote '\"'"));
    } else if (c == 0x00A0 || c == 0x200B) {
      notes.add(Note.help("replace it with a plain space"));
    } else if (c == '/') {
      notes.add(Note.help("a comment starts with '#' or '//'"));
    } else if (c == '-') {
      notes.add(Note.help("'-' can only start a negative number"));
    } else if (c > 127 && Character.isLetter(c)) {
      notes.add(Note.help("names use ASCII letters, digits and '_'; put other text in a string"));
    }
    String message =
        run.size() == 1
            ? "unexpected character " + Tokens.describeChar(c)
            : "unexpected characters starting with " + Tokens.describeChar(c);
    sink.report(DiagnosticCode.FLOW002, span, message, notes.toArray(Note[]::new));
  }

  private static void reportMalformedNumber(Token token, DiagnosticSink sink) {
    String text = token.getText();
    Span span = Tokens.span(token);
    String digits = text.replaceAll("[^0-9._-]+.*$", "");
    String suffix = text.substring(digits.length());
    if (digits.contains(".") && suffix.matches("ms|s|m|h|d")) {
      sink.report(
          DiagnosticCode.FLOW002,
          span,
          "malformed duration '%s': a duration is a whole number and a unit".formatted(text),
          Note.help("write a smaller unit instead, such as '1500ms' for 1.5s"));
    } else if (suffix.matches("[A-Za-z]+") && !digits.contains(".")) {
      sink.report(
          DiagnosticCode.FLOW002,
          span,
          "malformed duration '%s': unknown unit '%s'".formatted(text, suffix),
          Note.help("the units are ms, s, m, h and d, written right after the number ('30s')"));
    } else if (text.contains("_")) {
      sink.report(
          DiagnosticCode.FLOW002,
          span,
          "malformed number '%s': '_' may only stand between digits".formatted(text),
          Note.help("write '10_000' or '10000'"));
    } else if (text.endsWith(".")) {
      String whole = text.substring(0, text.length() - 1);
      sink.report(
          DiagnosticCode.FLOW002,
          span,
          "malformed number '%s': a float has digits after its '.'".formatted(text),
          Note.help("write %s.0 or %s".formatted(whole, whole)));
    } else {
      sink.report(DiagnosticCode.FLOW002, span, "malformed number '%s'".formatted(text));
    }
  }
}
