package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Attribute;
import dev.flowc.compiler.ast.BackoffDirective;
import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.DirectiveBlock;
import dev.flowc.compiler.ast.DurationValue;
import dev.flowc.compiler.ast.ErrorValue;
import dev.flowc.compiler.ast.IntValue;
import dev.flowc.compiler.ast.ParamDecl;
import dev.flowc.compiler.ast.ParamRef;
import dev.flowc.compiler.ast.ParamsBlock;
import dev.flowc.compiler.ast.RateValue;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.ast.ValueDirective;
import dev.flowc.compiler.ast.WhenDirective;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.dag.Rate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A queue's {@code rate}: {@code N/s}, {@code N/m} or {@code N/h} with N in 1..1,000,000 (FLOW301,
 * FLOW302, FLOW303 for a number without its unit); and a rate anywhere else is a mistake (FLOW301),
 * reported here unless the type check of the directive it is the value of reports it.
 */
final class RateCheck implements Check {
  /** The units a rate takes, with the period each stands for. */
  static final Map<String, Duration> UNITS =
      Map.of("s", Duration.ofSeconds(1), "m", Duration.ofMinutes(1), "h", Duration.ofHours(1));

  /** Words people write for a unit, and the unit they mean. */
  private static final Map<String, String> MEANT =
      Map.ofEntries(
          Map.entry("sec", "s"),
          Map.entry("secs", "s"),
          Map.entry("second", "s"),
          Map.entry("seconds", "s"),
          Map.entry("min", "m"),
          Map.entry("mins", "m"),
          Map.entry("minute", "m"),
          Map.entry("minutes", "m"),
          Map.entry("hr", "h"),
          Map.entry("hrs", "h"),
          Map.entry("hour", "h"),
          Map.entry("hours", "h"));

  @Override
  public void run(CheckContext context) {
    Consumer<Value> misplaced = v -> misplaced(context, v);
    for (DirectiveBlock block : context.pipeline().members(DirectiveBlock.class)) {
      BlockKind kind = BlockKind.of(block);
      if (block instanceof StageDecl stage && stage.forClause() != null) {
        nested(stage.forClause().list(), misplaced);
      }
      for (Directive directive : block.directives()) {
        if (!kind.allows(directive.name().text())) {
          // FLOW204 says enough, and nothing is lowered.
          continue;
        }
        if (directive instanceof ValueDirective value) {
          String name = value.name().text();
          boolean typed = !name.equals("input");
          if (typed) {
            nested(value.value(), misplaced);
          } else {
            Values.walk(value.value(), misplaced);
          }
        } else if (directive instanceof WhenDirective when) {
          Values.walk(when.condition(), misplaced);
        } else if (directive instanceof BackoffDirective backoff) {
          nested(backoff.base(), misplaced);
          nested(backoff.max(), misplaced);
        }
      }
    }
    for (Attribute attribute : context.pipeline().members(Attribute.class)) {
      nested(attribute.value(), misplaced);
    }
    for (ParamsBlock block : context.pipeline().members(ParamsBlock.class)) {
      for (ParamDecl param : block.params()) {
        boolean typed =
            context
                .index()
                .paramType(param.name().text())
                .filter(t -> t != ParamType.ANY)
                .isPresent();
        if (typed) {
          nested(param.defaultValue(), misplaced);
        } else {
          Values.walk(param.defaultValue(), misplaced);
        }
      }
    }
  }

  /** Every value inside {@code value}, not {@code value} itself, whose type its user checks. */
  private static void nested(Value value, Consumer<Value> visitor) {
    Values.walk(
        value,
        v -> {
          if (v != value) {
            visitor.accept(v);
          }
        });
  }

  private static void misplaced(CheckContext context, Value value) {
    if (value instanceof RateValue rate) {
      context.report(
          DiagnosticCode.FLOW301,
          rate.span(),
          "a rate such as %s is only the value of a queue's 'rate'".formatted(rate.text()),
          Note.help("write \"%s\" for a string".formatted(rate.text())));
    }
  }

  /** Checks the value of a queue's {@code rate}. */
  static void rate(CheckContext context, Value value) {
    if (value instanceof ErrorValue) {
      return;
    }
    if (value instanceof RateValue rate) {
      if (!UNITS.containsKey(rate.unit())) {
        String meant = MEANT.get(rate.unit().toLowerCase(java.util.Locale.ROOT));
        Diagnostic diagnostic =
            Diagnostic.of(
                DiagnosticCode.FLOW301,
                rate.unitSpan(),
                "'rate' counts starts per second, minute or hour (/s, /m or /h), not per '%s'"
                    .formatted(rate.unit()));
        context.report(
            diagnostic.withNote(
                Note.help(
                    meant != null
                        ? "did you mean %d/%s?".formatted(rate.limit(), meant)
                        : "write %d/s, %d/m or %d/h"
                            .formatted(rate.limit(), rate.limit(), rate.limit()))));
        return;
      }
      if (rate.limit() < Rate.MIN_LIMIT || rate.limit() > Rate.MAX_LIMIT) {
        context.report(
            DiagnosticCode.FLOW302,
            rate.span(),
            "'rate' must allow between %d and %,d starts per period, not %s"
                .formatted(Rate.MIN_LIMIT, Rate.MAX_LIMIT, rate.text()),
            Note.help(
                rate.limit() < Rate.MIN_LIMIT
                    ? "to stop a queue, pause its workers; remove 'rate' for no limit"
                    : "use a shorter period: 1000/s rather than 60000/m, say"));
      }
      return;
    }
    if (value instanceof IntValue number) {
      context.report(
          DiagnosticCode.FLOW303,
          value.span(),
          "'rate' takes a number of starts per period, and the number needs its period"
              + " (/s, /m or /h)",
          Note.help("did you mean %d/s?".formatted(number.value())));
      return;
    }
    Diagnostic diagnostic =
        Diagnostic.of(
            DiagnosticCode.FLOW301,
            value.span(),
            "'rate' takes a rate such as 10/s (also /m, /h), not %s".formatted(value.kind()));
    if (value instanceof ParamRef) {
      context.report(
          diagnostic.withNote(
              Note.help(
                  "a rate is fixed when the pipeline is compiled: write it out, such as 10/s")));
      return;
    }
    Optional<String> meant = Optional.empty();
    if (value instanceof StringValue string
        && string.isPlain()
        && string.text().matches("[0-9_]+ */ *[smh]")) {
      meant = Optional.of("write %s without quotes".formatted(string.text()));
    } else if (value instanceof DurationValue duration
        && duration.text().matches("-?[0-9_]+[smh]")) {
      String text = duration.text();
      meant =
          Optional.of(
              "did you mean %s/%s?"
                  .formatted(text.substring(0, text.length() - 1), text.charAt(text.length() - 1)));
    }
    context.report(meant.map(help -> diagnostic.withNote(Note.help(help))).orElse(diagnostic));
  }
}
