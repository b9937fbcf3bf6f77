package dev.flowc.compiler.parse;

import static dev.flowc.grammar.FlowParser.*;

import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.source.Span;
import dev.flowc.grammar.FlowParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * ANTLR's recovery, with messages in words: what the parser expected at that point of the language
 * ({@code expected a stage directive or '}'}) and what it found, never a raw token set.
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {
  static final int MAX_ERRORS = 50;

  private static final IntervalSet NAME_START =
      new IntervalSet(IDENT, BACKOFF, FIXED, MAX, FOR, IN, WHEN, LEN, SCHEDULE);
  private static final IntervalSet VALUE_START =
      new IntervalSet(
          STRING, INT, FLOAT, DURATION, RATE, TRUE, FALSE, NULL, LBRACK, LBRACE, PARAMS);

  private static final Set<String> STAGE_DIRECTIVES =
      Set.of(
          "handler",
          "queue",
          "retries",
          "backoff",
          "timeout",
          "priority",
          "input",
          "metadata",
          "description",
          "when",
          "max_items");

  private final DiagnosticSink sink;
  private final Supplier<Optional<Span>> unclosedBrace;
  private int errors;
  private final Set<ParserRuleContext> brokenGroups =
      Collections.newSetFromMap(new IdentityHashMap<>());
  // The token indexes of the last list of names that namesBeforeBrace found no '{' after.
  private int listWithoutBraceStart = -1;
  private int listWithoutBraceEnd = -1;

  /**
   * @param unclosedBrace where the innermost bracket that is never closed was opened, for errors at
   *     the end of the file
   */
  SyntaxErrorStrategy(DiagnosticSink sink, Supplier<Optional<Span>> unclosedBrace) {
    this.sink = sink;
    this.unclosedBrace = unclosedBrace;
  }

  /**
   * ANTLR drops a token when the one after it fits, but a bracket is almost never a stray token:
   * dropping {@code '{'} in {@code stage { handler "x" }} would make 'handler' the stage's name and
   * unbalance every brace after it. Inside a map or list nothing is dropped either: the group is
   * skipped whole instead (see {@link #recover}).
   */
  @Override
  protected Token singleTokenDeletion(Parser parser) {
    int next = parser.getInputStream().LA(1);
    if (next == LBRACE
        || next == RBRACE
        || next == LBRACK
        || next == RBRACK
        || group(parser.getContext()) != null) {
      return null;
    }
    return super.singleTokenDeletion(parser);
  }

  /**
   * Inside a map or list, skips to the bracket that closes it, so that the rest of a broken map is
   * not read as directives of the block around it, nor its other entries reported one by one.
   */
  @Override
  public void recover(Parser parser, RecognitionException e) {
    ParserRuleContext ctx = parser.getContext();
    ParserRuleContext group = group(ctx);
    if (group == null) {
      super.recover(parser, e);
      return;
    }
    TokenStream input = parser.getInputStream();
    int depth = 0;
    for (int next = input.LA(1); next != Token.EOF; next = input.LA(1)) {
      if (next == LBRACE || next == LBRACK) {
        depth++;
      } else if (next == RBRACE || next == RBRACK) {
        if (depth == 0) {
          // The map or list itself consumes its closing bracket; an entry or item inside it
          // stops before it, so that the group ends there.
          if (group == ctx && next == (ctx instanceof MapValueContext ? RBRACE : RBRACK)) {
            parser.consume();
          }
          return;
        }
        depth--;
      }
      parser.consume();
    }
  }

  /**
   * The innermost map or list that {@code ctx} is part of, within one directive or member; {@code
   * null} outside values.
   */
  private static ParserRuleContext group(ParserRuleContext ctx) {
    for (ParserRuleContext at = ctx; at != null; at = at.getParent()) {
      if (at instanceof MapValueContext || at instanceof ListValueContext) {
        return at;
      }
      if (at instanceof DirectiveContext
          || at instanceof MemberContext
          || at instanceof ParamContext
          || at instanceof BackoffContext) {
        return null;
      }
    }
    return null;
  }

  /**
   * A stage whose '{' is missing ({@code stage a\n handler "x" ...}): report it once and let the
   * parser conjure the '{', so that its directives are read as directives and not as pipeline
   * members.
   */
  @Override
  public void sync(Parser parser) throws RecognitionException {
    // The cheap tests come first: sync runs before every token of an 'after' list.
    if (parser.getContext() instanceof StageDeclContext stage
        && stage.openBrace == null
        && stage.name != null
        && !inErrorRecoveryMode(parser)
        && startsDirective(parser.getInputStream())) {
      IntervalSet expected = parser.getExpectedTokens();
      if (expected.contains(LBRACE) && !expected.contains(parser.getInputStream().LA(1))) {
        beginErrorCondition(parser);
        Token found = parser.getCurrentToken();
        sink.report(
            DiagnosticCode.FLOW001,
            Tokens.span(found),
            "expected 'after' or '{', found " + Tokens.describe(found),
            Note.help("is the '{' after the stage name missing?"));
        errors++;
        return;
      }
    }
    if (parser.getContext() instanceof StageDeclContext stage
        && stage.openBrace == null
        && stage.afterKeyword == null
        && stage.name != null
        && stage.forClause() == null
        && !inErrorRecoveryMode(parser)
        && parser.getInputStream().LA(1) != FOR
        && NAME_START.contains(parser.getInputStream().LA(1))) {
      int length = namesBeforeBrace(parser.getInputStream());
      if (length > 0) {
        // 'stage load extract, clean {': the 'after' is missing; skip the names to the '{'.
        beginErrorCondition(parser);
        Token found = parser.getCurrentToken();
        sink.report(
            DiagnosticCode.FLOW001,
            Tokens.span(found),
            "expected 'after' or '{', found " + Tokens.describe(found),
            Note.help("to run after other stages, write 'after %s'".formatted(found.getText())));
        errors++;
        for (int i = 0; i < length; i++) {
          parser.consume();
        }
        return;
      }
    }
    super.sync(parser);
  }

  /**
   * How many tokens a list {@code NAME (, NAME)*} takes when a '{' follows it, else 0. Reads the
   * tokens by index ({@code LA(i)} walks {@code i} tokens), and remembers a list that no '{'
   * follows, so that a long one is read once and not again from each of its names.
   */
  private int namesBeforeBrace(TokenStream input) {
    int start = input.index();
    if (start >= listWithoutBraceStart && start <= listWithoutBraceEnd) {
      return 0;
    }
    int last = input.size() - 1;
    int i = start;
    while (i < last && NAME_START.contains(input.get(i).getType())) {
      int next = input.get(i + 1).getType();
      if (next == LBRACE) {
        return i + 1 - start;
      }
      if (next != COMMA) {
        break;
      }
      i += 2;
    }
    listWithoutBraceStart = start;
    listWithoutBraceEnd = i;
    return 0;
  }

  /**
   * Whether the next tokens read as a stage directive: a known directive name, or a name and a
   * value.
   */
  private static boolean startsDirective(TokenStream input) {
    int first = input.LA(1);
    if (first == BACKOFF || first == QUEUE || first == WHEN) {
      return true;
    }
    if (first != IDENT) {
      return false;
    }
    return STAGE_DIRECTIVES.contains(input.LT(1).getText())
        || (VALUE_START.contains(input.LA(2)) && input.LA(2) != LBRACE);
  }

  /**
   * Skips tokens as ANTLR does, but a bracketed group whole: the inside of a '{ ... }' that could
   * not be read is not read as directives or members either.
   */
  @Override
  protected void consumeUntil(Parser parser, IntervalSet set) {
    TokenStream input = parser.getInputStream();
    for (int next = input.LA(1); next != Token.EOF && !set.contains(next); next = input.LA(1)) {
      if (next == LBRACE || next == LBRACK) {
        skipGroup(parser);
      } else {
        parser.consume();
      }
    }
  }

  /** Consumes an opening bracket and everything up to and including the one that closes it. */
  private static void skipGroup(Parser parser) {
    TokenStream input = parser.getInputStream();
    int depth = 0;
    for (int next = input.LA(1); next != Token.EOF; next = input.LA(1)) {
      parser.consume();
      if (next == LBRACE || next == LBRACK) {
        depth++;
      } else if ((next == RBRACE || next == RBRACK) && --depth == 0) {
        return;
      }
    }
  }

  @Override
  protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
    report(
        e.getOffendingToken(), (ParserRuleContext) e.getCtx(), e.getExpectedTokens(), "expected");
  }

  @Override
  protected void reportInputMismatch(Parser parser, InputMismatchException e) {
    report(
        e.getOffendingToken(), (ParserRuleContext) e.getCtx(), e.getExpectedTokens(), "expected");
  }

  @Override
  protected void reportFailedPredicate(Parser parser, FailedPredicateException e) {
    report(
        e.getOffendingToken(), (ParserRuleContext) e.getCtx(), e.getExpectedTokens(), "expected");
  }

  @Override
  protected void reportUnwantedToken(Parser parser) {
    if (inErrorRecoveryMode(parser)) {
      return;
    }
    beginErrorCondition(parser);
    report(parser.getCurrentToken(), parser.getContext(), getExpectedTokens(parser), "expected");
  }

  @Override
  protected void reportMissingToken(Parser parser) {
    if (inErrorRecoveryMode(parser)) {
      return;
    }
    beginErrorCondition(parser);
    report(parser.getCurrentToken(), parser.getContext(), getExpectedTokens(parser), "expected");
  }

  private void report(Token found, ParserRuleContext ctx, IntervalSet expected, String verb) {
    ParserRuleContext group = group(ctx);
    if (group != null && !brokenGroups.add(group)) {
      // One error per map or list: after the first, the parser's view of the rest is a guess.
      return;
    }
    if (++errors > MAX_ERRORS) {
      sink.report(
          DiagnosticCode.FLOW001,
          Tokens.span(found),
          "too many syntax errors; stopping here (is this a .flow file?)");
      throw new ParseCancellationException("too many syntax errors");
    }
    List<Note> notes = new ArrayList<>();
    String wanted = phrase(ctx, expected, found, notes);
    sink.report(
        DiagnosticCode.FLOW001,
        Tokens.span(found),
        verb + " " + wanted + ", found " + Tokens.describe(found),
        notes.toArray(Note[]::new));
  }

  /** What the parser expected, in the words of the language reference. */
  private String phrase(
      ParserRuleContext ctx, IntervalSet expected, Token found, List<Note> notes) {
    IntervalSet wanted = expected.size() > 1 ? expected.subtract(IntervalSet.of(SEMI)) : expected;
    if (wanted.contains(AFTER)) {
      // After a stage's name: 'for' is rarer than 'after' and '{', and is not a mistake's fix.
      wanted = wanted.subtract(IntervalSet.of(FOR));
    }
    boolean nameWanted = false;
    while (ctx instanceof IdentifierContext
        || ctx instanceof DeclNameContext
        || ctx instanceof FieldNameContext
        || ctx instanceof KeywordContext
        || ctx instanceof DirectiveNameContext
        || ctx instanceof PathHeadContext
        || ctx instanceof MapKeyContext) {
      nameWanted = true;
      ctx = ctx.getParent();
    }
    nameWanted |= wanted.contains(IDENT) && !wanted.contains(RBRACE) && !wanted.contains(STRING);
    if (nameWanted && Tokens.isKeyword(found.getType())) {
      notes.add(
          Note.help("'%s' is a keyword and cannot be used as a name".formatted(found.getText())));
    }
    if (found.getType() == Token.EOF && wanted.contains(RBRACE)) {
      unclosedBrace.get().ifPresent(span -> notes.add(Note.note("unclosed '{' opened here", span)));
    }

    // 'pipeline' is also a keyword, and keywords are fine as map keys and field names: only at the
    // top of the file does an expected 'pipeline' mean that the file must start one.
    if (ctx instanceof FileContext && wanted.contains(PIPELINE)) {
      notes.add(Note.help("a .flow file holds one pipeline: pipeline NAME { ... }"));
      return "'pipeline NAME {' to start the file";
    }
    if (wanted.contains(Token.EOF) && wanted.size() == 1) {
      if (found.getType() == PIPELINE) {
        notes.add(Note.help("a file holds one pipeline; put each in a file of its own"));
      } else {
        notes.add(Note.help("is there one '}' too many above?"));
      }
      return "the end of the file after the pipeline's closing '}'";
    }
    if (ctx instanceof PipelineContext) {
      if (nameWanted) {
        return "a pipeline name";
      }
      if (wanted.contains(STAGE)) {
        return "a pipeline member (description, params, defaults, queue or stage) or '}'";
      }
      return words(wanted);
    }
    if (ctx instanceof ParamsBlockContext) {
      return wanted.contains(RBRACE) ? "a param (NAME: TYPE) or '}'" : words(wanted);
    }
    if (ctx instanceof ParamContext param) {
      if (wanted.contains(COLON)) {
        return "':' and a type after the param name";
      }
      if (nameWanted && param.COLON() != null && param.ASSIGN() == null) {
        return "a type (string, int, float, bool, duration, list, map or any)";
      }
      if (wanted.contains(ASSIGN)) {
        return "'=' and a default value, another param, or '}'";
      }
      return "a default value";
    }
    if (ctx instanceof DefaultsBlockContext) {
      return wanted.contains(RBRACE)
          ? "a directive (queue, retries, backoff, timeout or priority) or '}'"
          : words(wanted);
    }
    if (ctx instanceof QueueDeclContext queue) {
      if (nameWanted && !wanted.contains(RBRACE)) {
        return "a queue name";
      }
      if (queue.LBRACE() == null) {
        return "'{', the next pipeline member, or '}'";
      }
      return wanted.contains(RBRACE) ? "a queue directive (concurrency) or '}'" : words(wanted);
    }
    if (ctx instanceof StageDeclContext stage) {
      if (nameWanted && !wanted.contains(RBRACE)) {
        return stage.afterKeyword != null && stage.name != null && stage.name.exception == null
            ? "the name of a stage to run after"
            : "a stage name";
      }
      if (wanted.contains(RBRACE)) {
        if (found.getType() == STAGE || found.getType() == PARAMS || found.getType() == DEFAULTS) {
          notes.add(Note.help("is the '}' that closes the stage above missing?"));
        }
        return "a stage directive or '}'";
      }
      return words(wanted);
    }
    if (ctx instanceof AttributeContext attribute) {
      return "a value for '" + text(attribute.key) + "'";
    }
    if (ctx instanceof BackoffDirectiveContext
        || ctx instanceof FixedBackoffContext
        || ctx instanceof ExponentialBackoffContext) {
      if (ctx instanceof ExponentialBackoffContext exp && exp.MAX() != null) {
        return "a duration after 'max'";
      }
      return "a duration for 'backoff' (such as '1s', '1s max 1m' or 'fixed 5s')";
    }
    if (ctx instanceof WhenDirectiveContext
        || ctx instanceof ConditionContext
        || ctx instanceof AndConditionContext
        || ctx instanceof NotConditionContext
        || ctx instanceof CompareOperatorContext
        || ctx instanceof OperandContext) {
      return wanted.contains(RPAREN) ? "')' or an operator" : "a condition for 'when'";
    }
    if (ctx instanceof ForClauseContext clause) {
      if (clause.IN() == null && wanted.contains(IN)) {
        return "'in' after the loop variable (for VAR in LIST)";
      }
      return nameWanted ? "a loop variable name" : "a list to run over (for VAR in LIST)";
    }
    if (ctx instanceof ValueDirectiveContext directive) {
      valueSeparatorHelp(found, directive, notes);
      return "a value for '" + text(directive.name) + "'";
    }
    if (ctx instanceof ListValueContext) {
      return wanted.contains(COMMA) ? "',' or ']'" : "a value or ']'";
    }
    if (ctx instanceof MapValueContext) {
      return wanted.contains(COLON) ? "':' after the key" : "a key or '}'";
    }
    if (ctx instanceof EntryContext entry) {
      return wanted.contains(COLON)
          ? "':' after key '" + text(entry.key) + "'"
          : "a value for key '" + text(entry.key) + "'";
    }
    if (ctx instanceof FieldElementContext) {
      return "a field name after '.'";
    }
    if (ctx instanceof IndexElementContext) {
      return wanted.contains(INT) ? "a list index (an integer)" : "']'";
    }
    if (ctx instanceof ValueContext) {
      return "a value" + valueOwner(ctx.getParent(), found, notes);
    }
    return words(wanted);
  }

  /** {@code " for 'retries'"} when the value belongs to a directive, key or param. */
  private String valueOwner(
      org.antlr.v4.runtime.RuleContext parent, Token found, List<Note> notes) {
    if (parent instanceof ValueDirectiveContext directive) {
      valueSeparatorHelp(found, directive, notes);
      return " for '" + text(directive.name) + "'";
    }
    if (parent instanceof EntryContext entry) {
      return " for key '" + text(entry.key) + "'";
    }
    if (parent instanceof AttributeContext attribute) {
      return " for '" + text(attribute.key) + "'";
    }
    if (parent instanceof ParamContext param) {
      return " for param '" + text(param.name) + "'";
    }
    if (parent instanceof ExponentialBackoffContext exp && exp.MAX() != null) {
      return " after 'max' (a duration such as '5m')";
    }
    if (parent instanceof FixedBackoffContext || parent instanceof ExponentialBackoffContext) {
      return " for 'backoff' (a duration such as '1s')";
    }
    return "";
  }

  private static void valueSeparatorHelp(
      Token found, ValueDirectiveContext directive, List<Note> notes) {
    if (found.getType() == ASSIGN || found.getType() == COLON) {
      String name = text(directive.name);
      notes.add(
          Note.help(
              "a directive takes its value without '%s': write '%s VALUE'"
                  .formatted(found.getText(), name)));
    }
  }

  private static String text(ParserRuleContext ctx) {
    return ctx == null ? "?" : ctx.getText();
  }

  /** A plain list of what was expected, for places the phrases above do not cover. */
  private static String words(IntervalSet expected) {
    List<String> parts = new ArrayList<>();
    boolean value = expected.and(VALUE_START).size() >= VALUE_START.size() - 1;
    boolean name = !value && expected.and(NAME_START).size() > 0;
    if (value) {
      parts.add("a value");
    }
    if (name) {
      parts.add("a name");
    }
    for (int type : expected.toArray()) {
      if ((value && (VALUE_START.contains(type) || NAME_START.contains(type)))
          || (name && NAME_START.contains(type))) {
        continue;
      }
      parts.add(
          switch (type) {
            case Token.EOF -> "end of file";
            case STRING -> "a string";
            case INT -> "an integer";
            case FLOAT -> "a number";
            case DURATION -> "a duration";
            case RATE -> "a rate";
            default -> {
              String literal = FlowParser.VOCABULARY.getLiteralName(type);
              yield literal != null ? literal : FlowParser.VOCABULARY.getDisplayName(type);
            }
          });
    }
    if (parts.isEmpty()) {
      return "something else";
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " or "
        + parts.get(parts.size() - 1);
  }
}
