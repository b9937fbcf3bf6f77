package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Attribute;
import dev.flowc.compiler.ast.BackoffDirective;
import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.DirectiveBlock;
import dev.flowc.compiler.ast.DurationValue;
import dev.flowc.compiler.ast.ErrorValue;
import dev.flowc.compiler.ast.FloatValue;
import dev.flowc.compiler.ast.IntValue;
import dev.flowc.compiler.ast.MapValue;
import dev.flowc.compiler.ast.NameValue;
import dev.flowc.compiler.ast.NullValue;
import dev.flowc.compiler.ast.ParamRef;
import dev.flowc.compiler.ast.ResultRef;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.ast.ValueDirective;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Suggestions;
import dev.flowc.dag.Each;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.QueueSpec;
import java.util.Optional;

/**
 * The value of every known directive has the right type (FLOW301), a range the runtime accepts
 * (FLOW302), and a unit where it is a duration (FLOW303). Values that come from params are checked
 * by their declared type here and by their value when lowered.
 */
final class DirectiveValueCheck implements Check {
  @Override
  public void run(CheckContext context) {
    for (DirectiveBlock block : context.pipeline().members(DirectiveBlock.class)) {
      BlockKind kind = BlockKind.of(block);
      if (kind == BlockKind.SCHEDULE) {
        // ScheduleCheck's.
        continue;
      }
      for (Directive directive : block.directives()) {
        if (!kind.allows(directive.name().text())) {
          continue;
        }
        if (directive instanceof BackoffDirective backoff) {
          backoff(context, backoff);
        } else if (directive instanceof ValueDirective value) {
          value(context, value.name().text(), value.value());
        }
      }
    }
    for (Attribute attribute : context.pipeline().members(Attribute.class)) {
      if (attribute.key().text().equals("description")) {
        description(context, "description", attribute.value());
      }
    }
  }

  private void value(CheckContext context, String directive, Value value) {
    if (value instanceof ErrorValue) {
      return;
    }
    switch (directive) {
      case "handler" -> handler(context, value);
      case "queue" -> queue(context, value);
      case "retries" ->
          integer(context, directive, value, JobSpec.MIN_RETRIES, JobSpec.MAX_RETRIES);
      case "priority" ->
          integer(context, directive, value, JobSpec.MIN_PRIORITY, JobSpec.MAX_PRIORITY);
      case "concurrency" ->
          integer(context, directive, value, QueueSpec.MIN_CONCURRENCY, QueueSpec.MAX_CONCURRENCY);
      case "rate" -> RateCheck.rate(context, value);
      case "timeout" -> timeout(context, value);
      case "input" -> data(context, directive, value, true);
      case "metadata" -> metadata(context, value);
      case "max_items" -> integer(context, directive, value, Each.MIN_ITEMS, Each.MAX_ITEMS);
      case "description" -> description(context, directive, value);
      default -> throw new IllegalStateException("no value rule for directive " + directive);
    }
  }

  private static void handler(CheckContext context, Value value) {
    if (value instanceof NameValue) {
      return;
    }
    if (value instanceof StringValue string && string.isPlain()) {
      if (string.text().isBlank()) {
        context.report(
            DiagnosticCode.FLOW301,
            value.span(),
            "'handler' must not be empty",
            Note.help("write the name a Guice module binds the handler under, or a class name"));
      }
      return;
    }
    if (value instanceof StringValue) {
      context.report(
          DiagnosticCode.FLOW301,
          value.span(),
          "'handler' cannot use interpolation: the handler is fixed when the pipeline is compiled",
          Note.help("write the handler's name out"));
      return;
    }
    context.report(
        DiagnosticCode.FLOW301,
        value.span(),
        "'handler' takes a handler name (a string or a dotted name), not %s"
            .formatted(value.kind()),
        Note.help("the handler is fixed when the pipeline is compiled: write it out"));
  }

  private static void queue(CheckContext context, Value value) {
    if (StageSettings.queueName(value).isPresent()) {
      return;
    }
    context.report(
        DiagnosticCode.FLOW301,
        value.span(),
        "'queue' takes a queue name, not %s".formatted(value.kind()),
        Note.help("write the name of a declared queue, such as 'queue default'"));
  }

  private static void integer(
      CheckContext context, String directive, Value value, int min, int max) {
    if (value instanceof IntValue i) {
      if (i.value() < min || i.value() > max) {
        context.report(
            DiagnosticCode.FLOW302,
            value.span(),
            "'%s' must be between %d and %d, not %d".formatted(directive, min, max, i.value()));
      }
      return;
    }
    if (value instanceof ParamRef ref) {
      paramOfType(context, "'" + directive + "'", ref, ParamType.INT);
      return;
    }
    Diagnostic diagnostic =
        Diagnostic.of(
            DiagnosticCode.FLOW301,
            value.span(),
            "'%s' takes an integer, not %s".formatted(directive, value.kind()));
    if (value instanceof StringValue s && s.isPlain() && TypeRules.looksLikeInteger(s.text())) {
      diagnostic = diagnostic.withNote(Note.help("write %s without quotes".formatted(s.text())));
    }
    context.report(diagnostic);
  }

  private static void timeout(CheckContext context, Value value) {
    if (value instanceof NullValue) {
      return;
    }
    duration(context, "'timeout'", value, 1, "more than 0");
  }

  private static void backoff(CheckContext context, BackoffDirective backoff) {
    String what = backoff.fixed() ? "'backoff fixed'" : "'backoff'";
    boolean baseOk = duration(context, what, backoff.base(), 0, "0 or more");
    if (backoff.max() == null) {
      return;
    }
    boolean maxOk = duration(context, "the max of 'backoff'", backoff.max(), 0, "0 or more");
    if (baseOk
        && maxOk
        && backoff.base() instanceof DurationValue base
        && backoff.max() instanceof DurationValue max
        && max.millis() < base.millis()) {
      context.report(
          DiagnosticCode.FLOW302,
          max.span(),
          "backoff max %s is shorter than its base %s".formatted(max.text(), base.text()),
          Note.help("the max caps the growing delay; make it at least the base"));
    }
  }

  /**
   * Checks a value that must be a duration of at least {@code minMillis}.
   *
   * @param name what takes the value, as messages name it: {@code 'timeout'}
   * @return whether the value is a valid duration literal or param
   */
  private static boolean duration(
      CheckContext context, String name, Value value, long minMillis, String range) {
    if (value instanceof ErrorValue) {
      return false;
    }
    if (value instanceof DurationValue d) {
      if (d.millis() < minMillis) {
        context.report(
            DiagnosticCode.FLOW302,
            value.span(),
            "%s must be %s, not %s".formatted(name, range, d.text()));
        return false;
      }
      return true;
    }
    if (value instanceof ParamRef ref) {
      return paramOfType(context, name, ref, ParamType.DURATION);
    }
    if (value instanceof IntValue || value instanceof FloatValue) {
      Diagnostic diagnostic =
          Diagnostic.of(
              DiagnosticCode.FLOW303,
              value.span(),
              "%s takes a duration, and a number needs a unit (ms, s, m, h or d)".formatted(name));
      context.report(
          TypeRules.durationFor(value)
              .map(fix -> diagnostic.withNote(Note.help("did you mean " + fix + "?")))
              .orElse(diagnostic));
      return false;
    }
    Diagnostic diagnostic =
        Diagnostic.of(
            DiagnosticCode.FLOW301,
            value.span(),
            "%s takes a duration such as 30s, not %s".formatted(name, value.kind()));
    if (value instanceof StringValue s && s.isPlain() && TypeRules.looksLikeDuration(s.text())) {
      diagnostic = diagnostic.withNote(Note.help("write %s without quotes".formatted(s.text())));
    }
    context.report(diagnostic);
    return false;
  }

  /**
   * A param used where a value of {@code expected} type goes must be declared with that type.
   *
   * @param name what takes the value, as messages name it: {@code 'retries'}
   */
  private static boolean paramOfType(
      CheckContext context, String name, ParamRef ref, ParamType expected) {
    Optional<ParamType> declared = context.index().paramType(ref.name().text());
    if (declared.isEmpty() || declared.get() == expected) {
      return declared.isPresent();
    }
    context.report(
        DiagnosticCode.FLOW301,
        ref.span(),
        "%s takes %s, but param '%s' is declared as '%s'"
            .formatted(
                name,
                expected == ParamType.INT ? "an integer" : "a duration",
                ref.name().text(),
                declared.get().id()),
        Note.note(
            "param '%s' is declared here".formatted(ref.name().text()),
            context.index().params().get(ref.name().text()).type().span()));
    return false;
  }

  private static void metadata(CheckContext context, Value value) {
    if (!(value instanceof MapValue)) {
      context.report(
          DiagnosticCode.FLOW301,
          value.span(),
          "'metadata' takes a map such as { team: \"data\" }, not %s".formatted(value.kind()));
      return;
    }
    data(context, "metadata", value, false);
  }

  private static void description(CheckContext context, String directive, Value value) {
    if (!(value instanceof StringValue)) {
      context.report(
          DiagnosticCode.FLOW301,
          value.span(),
          "'%s' takes a string, not %s".formatted(directive, value.kind()));
      return;
    }
    data(context, directive, value, false);
  }

  /**
   * Checks free-form data: no bare names, and stage results only where they are allowed.
   *
   * @param results whether {@code STAGE.result} may appear (only in {@code input})
   */
  private static void data(CheckContext context, String directive, Value value, boolean results) {
    Values.walk(
        value,
        v -> {
          if (v instanceof ResultRef ref && !results) {
            String where = directive.equals("metadata") ? "metadata" : "'" + directive + "'";
            context.report(
                DiagnosticCode.FLOW301,
                ref.span(),
                "%s cannot use a stage's result: '%s.result' is known only when '%s' completes"
                    .formatted(where, ref.stage().text(), ref.stage().text()),
                Note.help("pass it in 'input', where results are allowed"));
          } else if (v instanceof NameValue name) {
            bareName(context, name);
          }
        });
  }

  static void bareName(CheckContext context, NameValue name) {
    Diagnostic diagnostic =
        Diagnostic.of(
            DiagnosticCode.FLOW301, name.span(), "'%s' is not a value".formatted(name.text()));
    context.report(diagnostic.withNote(bareNameHelp(context, name.text())));
  }

  /** What a bare name in a value was probably meant to be. */
  static Note bareNameHelp(CheckContext context, String text) {
    PipelineIndex index = context.index();
    String head = text.contains(".") ? text.substring(0, text.indexOf('.')) : text;
    Note help;
    if (index.stages().containsKey(text)) {
      help = Note.help("did you mean '%s.result', the stage's result?".formatted(text));
    } else if (index.stages().containsKey(head)) {
      String field = text.substring(head.length() + 1);
      String first = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
      help =
          Suggestions.closest(first, java.util.List.of("result")).isPresent()
              ? Note.help(
                  "did you mean '%s.result%s'?".formatted(head, field.substring(first.length())))
              : Note.help(
                  "did you mean '%s.result.%s', a field of the stage's result?"
                      .formatted(head, field));
    } else if (index.params().containsKey(text)) {
      help = Note.help("did you mean 'params.%s'?".formatted(text));
    } else {
      help = Note.help("write \"%s\" for a string".formatted(text));
    }
    return help;
  }
}
