package dev.flowc.compiler.parse;

import dev.flowc.compiler.ast.Attribute;
import dev.flowc.compiler.ast.BackoffDirective;
import dev.flowc.compiler.ast.BoolValue;
import dev.flowc.compiler.ast.Condition;
import dev.flowc.compiler.ast.DefaultsBlock;
import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.DurationValue;
import dev.flowc.compiler.ast.ErrorValue;
import dev.flowc.compiler.ast.FloatValue;
import dev.flowc.compiler.ast.ForClause;
import dev.flowc.compiler.ast.IntValue;
import dev.flowc.compiler.ast.ListValue;
import dev.flowc.compiler.ast.MapValue;
import dev.flowc.compiler.ast.Member;
import dev.flowc.compiler.ast.Name;
import dev.flowc.compiler.ast.NullValue;
import dev.flowc.compiler.ast.ParamDecl;
import dev.flowc.compiler.ast.ParamsBlock;
import dev.flowc.compiler.ast.Pipeline;
import dev.flowc.compiler.ast.QueueDecl;
import dev.flowc.compiler.ast.RateValue;
import dev.flowc.compiler.ast.ScheduleDecl;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.ast.ValueDirective;
import dev.flowc.compiler.ast.WhenDirective;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Suggestions;
import dev.flowc.compiler.source.Span;
import dev.flowc.grammar.FlowParser;
import dev.flowc.grammar.FlowParser.AndConditionContext;
import dev.flowc.grammar.FlowParser.AttributeContext;
import dev.flowc.grammar.FlowParser.BackoffDirectiveContext;
import dev.flowc.grammar.FlowParser.ComparisonContext;
import dev.flowc.grammar.FlowParser.ConditionContext;
import dev.flowc.grammar.FlowParser.DefaultsBlockContext;
import dev.flowc.grammar.FlowParser.DirectiveContext;
import dev.flowc.grammar.FlowParser.EntryContext;
import dev.flowc.grammar.FlowParser.ExponentialBackoffContext;
import dev.flowc.grammar.FlowParser.FieldElementContext;
import dev.flowc.grammar.FlowParser.FixedBackoffContext;
import dev.flowc.grammar.FlowParser.ForClauseContext;
import dev.flowc.grammar.FlowParser.IdentifierContext;
import dev.flowc.grammar.FlowParser.IndexElementContext;
import dev.flowc.grammar.FlowParser.KeywordlessBlockContext;
import dev.flowc.grammar.FlowParser.LenCallContext;
import dev.flowc.grammar.FlowParser.ListValueContext;
import dev.flowc.grammar.FlowParser.MapValueContext;
import dev.flowc.grammar.FlowParser.MemberContext;
import dev.flowc.grammar.FlowParser.MisplacedAfterContext;
import dev.flowc.grammar.FlowParser.NotConditionContext;
import dev.flowc.grammar.FlowParser.NotOperatorContext;
import dev.flowc.grammar.FlowParser.OperandContext;
import dev.flowc.grammar.FlowParser.ParamContext;
import dev.flowc.grammar.FlowParser.ParamsBlockContext;
import dev.flowc.grammar.FlowParser.ParenthesizedContext;
import dev.flowc.grammar.FlowParser.PathElementContext;
import dev.flowc.grammar.FlowParser.PathValueContext;
import dev.flowc.grammar.FlowParser.PipelineContext;
import dev.flowc.grammar.FlowParser.QueueDeclContext;
import dev.flowc.grammar.FlowParser.ScheduleDeclContext;
import dev.flowc.grammar.FlowParser.StageDeclContext;
import dev.flowc.grammar.FlowParser.ValueContext;
import dev.flowc.grammar.FlowParser.ValueDirectiveContext;
import dev.flowc.grammar.FlowParser.ValueOperandContext;
import dev.flowc.grammar.FlowParser.WhenDirectiveContext;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds the immutable AST from ANTLR's parse tree. Copes with trees that error recovery left
 * incomplete: a missing name or value becomes {@code null} or an {@link ErrorValue}, never an
 * exception. Reports the problems only the meaning of a token reveals: bad escapes, numbers too
 * large, malformed references.
 */
final class AstBuilder {
  private final DiagnosticSink sink;
  private final Set<Token> unterminatedStrings;
  private final Set<Token> malformedNumbers;
  // Whether the tree is the error recovery's: only then can a part of it hold an error.
  private final boolean recovered;
  // The names the value being built can use: set per directive, null where bare names stay names.
  private Scope scope;

  AstBuilder(
      DiagnosticSink sink,
      Set<Token> unterminatedStrings,
      Set<Token> malformedNumbers,
      boolean recovered) {
    this.sink = sink;
    this.recovered = recovered;
    this.unterminatedStrings = unterminatedStrings;
    this.malformedNumbers = malformedNumbers;
  }

  /** The pipeline, or {@code null} when the file does not even start one. */
  Pipeline pipeline(PipelineContext ctx) {
    Name name = declName(ctx.name, "a pipeline");
    if (name == null) {
      return null;
    }
    List<Member> members = new ArrayList<>();
    for (MemberContext member : ctx.member()) {
      Member built = member(member);
      if (built != null) {
        members.add(built);
      }
    }
    return new Pipeline(name, members, span(ctx));
  }

  private Member member(MemberContext ctx) {
    if (ctx instanceof ParamsBlockContext params) {
      List<ParamDecl> decls = new ArrayList<>();
      for (ParamContext param : params.param()) {
        Name name = declName(param.name, "a param");
        if (name != null) {
          decls.add(
              new ParamDecl(
                  name,
                  name(param.type),
                  param.value() == null ? null : value(param.value()),
                  span(param)));
        }
      }
      return new ParamsBlock(Tokens.span(params.PARAMS().getSymbol()), decls, span(ctx));
    }
    if (ctx instanceof DefaultsBlockContext defaults) {
      return new DefaultsBlock(
          Tokens.span(defaults.DEFAULTS().getSymbol()),
          directives(defaults.directive(), Scope.STAGE),
          span(ctx));
    }
    if (ctx instanceof QueueDeclContext queue) {
      Name name = declName(queue.name, "a queue");
      return name == null
          ? null
          : new QueueDecl(name, directives(queue.directive(), Scope.STAGE), span(ctx));
    }
    if (ctx instanceof StageDeclContext stage) {
      Name name = declName(stage.name, "a stage");
      if (name == null) {
        return null;
      }
      ForClause forClause = forClause(stage.forClause());
      List<Name> after = names(stage.after);
      for (DirectiveContext directive : stage.directive()) {
        if (directive instanceof MisplacedAfterContext misplaced) {
          after.addAll(names(misplaced.after));
        }
      }
      Scope stageScope =
          forClause == null
              ? Scope.STAGE
              : new Scope(
                  forClause.var().text(),
                  forClause.indexVar() == null ? null : forClause.indexVar().text());
      return new StageDecl(
          name,
          after,
          directives(stage.directive(), stageScope),
          hasErrors(stage),
          span(ctx),
          forClause);
    }
    if (ctx instanceof ScheduleDeclContext schedule) {
      Name name = declName(schedule.name, "a schedule");
      // Bare names stay names: 'catchup latest', 'overlap skip'.
      return name == null
          ? null
          : new ScheduleDecl(
              name, directives(schedule.directive(), null), hasErrors(schedule), span(ctx));
    }
    if (ctx instanceof KeywordlessBlockContext block) {
      Name name = name(block.name);
      if (name == null) {
        return null;
      }
      if (name.text().equals("schedule")) {
        sink.report(
            DiagnosticCode.FLOW001,
            name.span(),
            "a schedule needs a name",
            Note.help("write 'schedule NAME { cron \"...\" }'"));
        return null;
      }
      if (Suggestions.closest(name.text(), MEMBER_KEYWORDS).isPresent()) {
        // A misspelt keyword ('stages {'): the checks say "unknown pipeline member", with a fix.
        return new Attribute(name, new ErrorValue(span(ctx)), span(ctx));
      }
      sink.report(
          DiagnosticCode.FLOW001,
          name.span(),
          "'%s { ... }' is missing its keyword".formatted(name.text()),
          Note.help(
              "write 'stage %s { ... }' (or 'queue %s { ... }')"
                  .formatted(name.text(), name.text())));
      List<Name> after = new ArrayList<>();
      for (DirectiveContext directive : block.directive()) {
        if (directive instanceof MisplacedAfterContext misplaced) {
          after.addAll(names(misplaced.after));
        }
      }
      return new StageDecl(
          name, after, directives(block.directive(), Scope.STAGE), hasErrors(block), span(ctx));
    }
    if (ctx instanceof AttributeContext attribute) {
      Name key = name(attribute.key);
      return key == null ? null : new Attribute(key, value(attribute.value()), span(ctx));
    }
    return null;
  }

  private static final List<String> MEMBER_KEYWORDS =
      List.of("description", "params", "defaults", "queue", "stage", "schedule");

  private List<Name> names(List<IdentifierContext> contexts) {
    List<Name> names = new ArrayList<>();
    for (IdentifierContext context : contexts) {
      Name name = name(context);
      if (name != null) {
        names.add(name);
      }
    }
    return names;
  }

  /** The stage's fan-out, or {@code null}; the loop variables are not in scope in its list. */
  private ForClause forClause(ForClauseContext ctx) {
    if (ctx == null || ctx.first == null) {
      return null;
    }
    Name first = name(ctx.first);
    Name second = ctx.second == null ? null : name(ctx.second);
    if (first == null || (ctx.COMMA() != null && second == null)) {
      return null;
    }
    scope = Scope.STAGE;
    Value list = ctx.list == null ? new ErrorValue(span(ctx)) : value(ctx.list);
    scope = null;
    return second == null
        ? new ForClause(null, first, list, span(ctx))
        : new ForClause(first, second, list, span(ctx));
  }

  /**
   * The block's directives; their values use {@code blockScope}, except {@code handler} and {@code
   * queue}, whose dotted names are names.
   */
  private List<Directive> directives(List<DirectiveContext> contexts, Scope blockScope) {
    try {
      return directives(contexts, blockScope, new ArrayList<>());
    } finally {
      scope = null;
    }
  }

  private List<Directive> directives(
      List<DirectiveContext> contexts, Scope blockScope, List<Directive> directives) {
    for (DirectiveContext ctx : contexts) {
      scope = blockScope;
      if (ctx instanceof WhenDirectiveContext when) {
        directives.add(
            new WhenDirective(
                new Name("when", Tokens.span(when.WHEN().getSymbol())),
                condition(when.condition()),
                span(ctx)));
      } else if (ctx instanceof MisplacedAfterContext misplaced) {
        misplacedAfter(misplaced);
      } else if (ctx instanceof BackoffDirectiveContext backoff) {
        Name name = new Name("backoff", Tokens.span(backoff.BACKOFF().getSymbol()));
        if (backoff.backoff() instanceof FixedBackoffContext fixed) {
          directives.add(new BackoffDirective(name, true, value(fixed.base), null, span(ctx)));
        } else if (backoff.backoff() instanceof ExponentialBackoffContext exp) {
          directives.add(
              new BackoffDirective(
                  name,
                  false,
                  value(exp.base),
                  exp.MAX() == null ? null : value(exp.max),
                  span(ctx)));
        } else {
          directives.add(
              new BackoffDirective(name, false, new ErrorValue(span(ctx)), null, span(ctx)));
        }
      } else if (ctx instanceof ValueDirectiveContext directive && directive.name != null) {
        Name name = new Name(directive.name.getText(), span(directive.name));
        if (name.text().equals("handler") || name.text().equals("queue")) {
          scope = null;
        }
        if (!name.text().isEmpty()) {
          directives.add(new ValueDirective(name, value(directive.value()), span(ctx)));
        }
      }
    }
    return directives;
  }

  Value value(ValueContext ctx) {
    return value(ctx, 0);
  }

  private Condition condition(ConditionContext ctx) {
    if (ctx == null || ctx.andCondition().isEmpty()) {
      return new Condition.Operand(new ErrorValue(ctx == null ? Span.of(1, 1, 0) : span(ctx)));
    }
    List<Condition> operands = new ArrayList<>();
    for (AndConditionContext and : ctx.andCondition()) {
      operands.add(and(and));
    }
    return operands.size() == 1
        ? operands.get(0)
        : new Condition.Logical("||", operands, span(ctx));
  }

  private Condition and(AndConditionContext ctx) {
    List<Condition> operands = new ArrayList<>();
    for (NotConditionContext not : ctx.notCondition()) {
      operands.add(not(not));
    }
    return operands.size() == 1
        ? operands.get(0)
        : new Condition.Logical("&&", operands, span(ctx));
  }

  private Condition not(NotConditionContext ctx) {
    if (ctx instanceof NotOperatorContext not) {
      return new Condition.Not(
          not.notCondition() == null
              ? new Condition.Operand(new ErrorValue(span(ctx)))
              : not(not.notCondition()),
          span(ctx));
    }
    if (ctx instanceof ComparisonContext comparison) {
      Condition left = operand(comparison.left);
      if (comparison.compareOperator() == null) {
        return left;
      }
      return new Condition.Compare(
          comparison.compareOperator().getText(),
          left,
          operand(comparison.right),
          span(comparison.compareOperator()),
          span(ctx));
    }
    return new Condition.Operand(new ErrorValue(span(ctx)));
  }

  private Condition operand(OperandContext ctx) {
    if (ctx instanceof ParenthesizedContext parenthesized) {
      return condition(parenthesized.condition());
    }
    if (ctx instanceof LenCallContext len) {
      return new Condition.Len(condition(len.condition()), span(ctx));
    }
    if (ctx instanceof ValueOperandContext value) {
      return new Condition.Operand(value(value.value()));
    }
    return new Condition.Operand(new ErrorValue(ctx == null ? Span.of(1, 1, 0) : span(ctx)));
  }

  /** {@code ctx} inside {@code depth} lists and maps. */
  private Value value(ValueContext ctx, int depth) {
    if (ctx == null || ctx.exception != null && ctx.getChildCount() == 0) {
      return new ErrorValue(ctx == null ? Span.of(1, 1, 0) : span(ctx));
    }
    Span span = span(ctx);
    if (!(ctx instanceof ListValueContext || ctx instanceof MapValueContext) && hasErrors(ctx)) {
      // Recovery may have swallowed tokens into it ('a.,b:c'): it is not what was written.
      return new ErrorValue(span);
    }
    if (ctx instanceof FlowParser.StringValueContext s) {
      Token token = s.STRING().getSymbol();
      return StringLiteralReader.read(
          token.getText(), span, !unterminatedStrings.contains(token), sink, scope);
    }
    if (ctx instanceof FlowParser.IntValueContext i) {
      return integer(i.INT().getSymbol(), span);
    }
    if (ctx instanceof FlowParser.FloatValueContext f) {
      String text = f.FLOAT().getText();
      double value = Double.parseDouble(text.replace("_", ""));
      if (Double.isInfinite(value)) {
        sink.report(DiagnosticCode.FLOW302, span, "float %s is too large".formatted(text));
        return new ErrorValue(span);
      }
      return new FloatValue(value, text, span);
    }
    if (ctx instanceof FlowParser.DurationValueContext d) {
      return duration(d.DURATION().getText(), span);
    }
    if (ctx instanceof FlowParser.RateValueContext r) {
      return rate(r.RATE().getSymbol(), span);
    }
    if (ctx instanceof FlowParser.TrueValueContext) {
      return new BoolValue(true, span);
    }
    if (ctx instanceof FlowParser.FalseValueContext) {
      return new BoolValue(false, span);
    }
    if (ctx instanceof FlowParser.NullValueContext) {
      return new NullValue(span);
    }
    if ((ctx instanceof ListValueContext || ctx instanceof MapValueContext)
        && depth == FlowSourceParser.MAX_NESTING) {
      reportTooDeep(Tokens.span(ctx.getStart()), sink);
      return new ErrorValue(span);
    }
    if (ctx instanceof ListValueContext list) {
      List<Value> items = new ArrayList<>();
      for (ValueContext item : list.value()) {
        items.add(value(item, depth + 1));
      }
      return new ListValue(items, span);
    }
    if (ctx instanceof MapValueContext map) {
      List<MapValue.Entry> entries = new ArrayList<>();
      for (EntryContext entry : map.entry()) {
        Name key = mapKey(entry);
        if (key != null) {
          // With its ':' conjured by recovery, the entry's value is the parser's guess: checking
          // it would report a second error for the same mistake.
          Value item =
              recovered && conjured(entry)
                  ? new ErrorValue(span(entry))
                  : value(entry.value(), depth + 1);
          entries.add(new MapValue.Entry(key, item));
        }
      }
      return new MapValue(entries, span);
    }
    if (ctx instanceof PathValueContext path) {
      return path(path, span);
    }
    return new ErrorValue(span);
  }

  /** {@code 10/s}: the limit (saturated when too large) and the unit as written. */
  private static RateValue rate(Token token, Span span) {
    String text = token.getText();
    int slash = text.indexOf('/');
    String number = text.substring(0, slash).strip().replace("_", "");
    long limit;
    try {
      limit = Long.parseLong(number);
    } catch (NumberFormatException e) {
      limit = number.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    String unit = text.substring(slash + 1).strip();
    int unitColumn = span.column() + text.codePointCount(0, text.length() - unit.length());
    return new RateValue(limit, unit, text, Span.of(span.line(), unitColumn, unit.length()), span);
  }

  /** Reports the bracket at {@code span} as one level of lists and maps too many. */
  static void reportTooDeep(Span span, DiagnosticSink sink) {
    sink.report(
        DiagnosticCode.FLOW001,
        span,
        "nesting is too deep: lists and maps nest at most %d levels"
            .formatted(FlowSourceParser.MAX_NESTING));
  }

  private Value path(PathValueContext ctx, Span span) {
    if (ctx.head == null || ctx.head.getText().isEmpty()) {
      return new ErrorValue(span);
    }
    List<ReferenceReader.Segment> segments = new ArrayList<>();
    for (PathElementContext element : ctx.pathElement()) {
      if (element instanceof FieldElementContext field
          && field.field != null
          && !field.field.getText().isEmpty()) {
        segments.add(new ReferenceReader.Segment(false, field.field.getText(), span(field.field)));
      } else if (element instanceof IndexElementContext index && index.index != null) {
        segments.add(new ReferenceReader.Segment(true, index.index.getText(), span(index)));
      } else {
        return new ErrorValue(span);
      }
    }
    return ReferenceReader.read(
        ctx.head.getText(),
        span(ctx.head),
        ctx.head.PARAMS() != null,
        segments,
        span,
        DiagnosticCode.FLOW001,
        sink,
        scope);
  }

  private Name mapKey(EntryContext entry) {
    if (entry.key == null || entry.key.getText().isEmpty()) {
      return null;
    }
    Span span = span(entry.key);
    TerminalNode string = entry.key.STRING();
    if (string == null) {
      return new Name(entry.key.getText(), span);
    }
    Token token = string.getSymbol();
    Value key =
        StringLiteralReader.read(token.getText(), span, !unterminatedStrings.contains(token), sink);
    if (key instanceof StringValue s && s.isPlain()) {
      return new Name(s.text(), span);
    }
    if (key instanceof StringValue) {
      sink.report(
          DiagnosticCode.FLOW002,
          span,
          "a map key cannot use interpolation",
          Note.help("keys are fixed; put the varying part in the value"));
    }
    return null;
  }

  private Value integer(Token token, Span span) {
    if (malformedNumbers.contains(token)) {
      return new ErrorValue(span);
    }
    OptionalLong value = Literals.parseInteger(token.getText());
    if (value.isEmpty()) {
      sink.report(
          DiagnosticCode.FLOW302,
          span,
          "integer %s is too large; integers are 64-bit".formatted(token.getText()));
      return new ErrorValue(span);
    }
    return new IntValue(value.getAsLong(), span);
  }

  private Value duration(String text, Span span) {
    OptionalLong millis = Literals.parseDuration(text);
    if (millis.isEmpty()) {
      sink.report(DiagnosticCode.FLOW302, span, "duration %s is too long".formatted(text));
      return new ErrorValue(span);
    }
    return new DurationValue(millis.getAsLong(), text, span);
  }

  private void misplacedAfter(MisplacedAfterContext ctx) {
    Span keyword = Tokens.span(ctx.AFTER().getSymbol());
    if (ctx.getParent() instanceof StageDeclContext stage && stage.name != null) {
      String stageName = stage.name.getText();
      String written = listed(stage.after, ctx.after);
      sink.report(
          DiagnosticCode.FLOW001,
          keyword,
          "'after' goes before the stage's '{', not inside it",
          Note.help("write 'stage %s after %s { ... }'".formatted(stageName, written)));
    } else {
      sink.report(
          DiagnosticCode.FLOW001,
          keyword,
          "'after' orders stages: write it before a stage's '{'",
          Note.help(
              "'after' belongs in 'stage NAME after %s { ... }'"
                  .formatted(listed(List.of(), ctx.after))));
    }
  }

  /** Names shown in a help: {@code a, b, c}, with "..." after the first ten. */
  private static String listed(List<IdentifierContext> first, List<IdentifierContext> then) {
    // A long 'after' list is not repeated whole for each misplaced 'after' in its stage.
    int shown = 10;
    List<String> names = new ArrayList<>();
    for (List<IdentifierContext> part : List.of(first, then)) {
      for (IdentifierContext name : part) {
        if (names.size() == shown) {
          return String.join(", ", names) + ", ...";
        }
        names.add(name.getText());
      }
    }
    return String.join(", ", names);
  }

  /**
   * A declared name. A keyword or a quoted name there is reported, and the name kept so that
   * nothing else cascades.
   */
  private Name declName(FlowParser.DeclNameContext ctx, String noun) {
    if (ctx != null && ctx.STRING() != null && ctx.exception == null) {
      String text = ctx.getText();
      String unquoted =
          text.length() >= 2 && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
      Span span = span(ctx);
      sink.report(
          DiagnosticCode.FLOW001,
          span,
          "%s name is written without quotes".formatted(noun),
          Note.help("write %s".formatted(unquoted)));
      return new Name(unquoted, span);
    }
    Name name = name(ctx);
    if (name != null && ctx.keyword() != null) {
      sink.report(
          DiagnosticCode.FLOW001,
          name.span(),
          "'%s' is a keyword and cannot name %s".formatted(name.text(), noun),
          Note.help("choose another name, such as '%s_'".formatted(name.text())));
    }
    return name;
  }

  private Name name(ParserRuleContext ctx) {
    if (ctx == null || ctx.exception != null || ctx.getText().isEmpty()) {
      return null;
    }
    return new Name(ctx.getText(), span(ctx));
  }

  private boolean hasErrors(ParseTree tree) {
    return recovered && holdsError(tree);
  }

  private static boolean holdsError(ParseTree tree) {
    if (tree instanceof ErrorNode) {
      return true;
    }
    if (tree instanceof ParserRuleContext ctx) {
      if (ctx.exception != null) {
        return true;
      }
      for (int i = 0; i < ctx.getChildCount(); i++) {
        if (holdsError(ctx.getChild(i))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether recovery conjured a missing token among the context's own children. */
  private static boolean conjured(ParserRuleContext ctx) {
    for (int i = 0; i < ctx.getChildCount(); i++) {
      if (ctx.getChild(i) instanceof ErrorNode error && error.getSymbol().getTokenIndex() < 0) {
        return true;
      }
    }
    return false;
  }

  /** From the start of the context's first token to the end of its last. */
  static Span span(ParserRuleContext ctx) {
    Token start = ctx.getStart();
    Token stop = ctx.getStop();
    Span first = Tokens.span(start);
    if (stop == null || stop.getTokenIndex() < start.getTokenIndex()) {
      return first;
    }
    return Span.between(first, Tokens.span(stop));
  }
}
