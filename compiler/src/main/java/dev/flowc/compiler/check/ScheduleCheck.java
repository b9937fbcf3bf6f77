package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.DurationValue;
import dev.flowc.compiler.ast.ErrorValue;
import dev.flowc.compiler.ast.FloatValue;
import dev.flowc.compiler.ast.IntValue;
import dev.flowc.compiler.ast.MapValue;
import dev.flowc.compiler.ast.NameValue;
import dev.flowc.compiler.ast.ParamDecl;
import dev.flowc.compiler.ast.Reference;
import dev.flowc.compiler.ast.ScheduleDecl;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.ast.ValueDirective;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Suggestions;
import dev.flowc.compiler.source.Span;
import dev.flowc.dag.Cron;
import dev.flowc.dag.CronSyntaxException;
import dev.flowc.dag.Schedule;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A schedule's directives: {@code cron} is required (FLOW304) and parses (FLOW310, at the bad field
 * inside the string), {@code timezone} is a zone (FLOW311, with a suggestion), {@code catchup} and
 * {@code overlap} are one of their words (FLOW301), and {@code params} sets declared params to
 * constants of their types and leaves none without a default unset (FLOW312).
 */
final class ScheduleCheck implements Check {
  static final List<String> CATCHUP =
      Arrays.stream(Schedule.Catchup.values()).map(Schedule.Catchup::id).toList();
  static final List<String> OVERLAP =
      Arrays.stream(Schedule.Overlap.values()).map(Schedule.Overlap::id).toList();

  @Override
  public void run(CheckContext context) {
    for (ScheduleDecl schedule : context.pipeline().members(ScheduleDecl.class)) {
      Optional<Directive> cron = schedule.directive("cron");
      if (cron.isEmpty() && !schedule.incomplete() && !context.syntaxErrors()) {
        context.report(
            DiagnosticCode.FLOW304,
            schedule.name().span(),
            "schedule '%s' has no 'cron'".formatted(schedule.name().text()),
            Note.help(
                "add 'cron \"0 2 * * *\"' (minute hour day-of-month month day-of-week), or a macro"
                    + " such as 'cron \"@daily\"'"));
      }
      cron.ifPresent(d -> cron(context, value(d)));
      schedule.directive("timezone").ifPresent(d -> timezone(context, value(d)));
      schedule.directive("catchup").ifPresent(d -> word(context, "catchup", value(d), CATCHUP));
      schedule.directive("overlap").ifPresent(d -> word(context, "overlap", value(d), OVERLAP));
      params(context, schedule);
    }
  }

  private static Value value(Directive directive) {
    return directive instanceof ValueDirective value
        ? value.value()
        : new ErrorValue(directive.span());
  }

  /** The text of a plain string, or empty after reporting what the value is instead. */
  private static Optional<String> plainString(
      CheckContext context, String directive, Value value, String example) {
    if (value instanceof ErrorValue) {
      return Optional.empty();
    }
    if (value instanceof StringValue string && string.isPlain()) {
      return Optional.of(string.text());
    }
    if (value instanceof StringValue) {
      context.report(
          DiagnosticCode.FLOW301,
          value.span(),
          "'%s' cannot use interpolation: a schedule is fixed when the pipeline is deployed"
              .formatted(directive),
          Note.help("write it out, such as %s".formatted(example)));
      return Optional.empty();
    }
    context.report(
        DiagnosticCode.FLOW301,
        value.span(),
        "'%s' takes a string such as %s, not %s".formatted(directive, example, value.kind()));
    return Optional.empty();
  }

  private static void cron(CheckContext context, Value value) {
    Optional<String> text = plainString(context, "cron", value, "\"0 2 * * *\"");
    if (text.isEmpty()) {
      return;
    }
    Cron cron;
    try {
      cron = Cron.parse(text.get());
    } catch (CronSyntaxException e) {
      String reason = e.reason();
      int split = reason.indexOf("; ");
      Diagnostic diagnostic =
          Diagnostic.of(
              DiagnosticCode.FLOW310,
              inside((StringValue) value, text.get(), e.offset(), e.length()),
              "invalid cron expression: " + (split < 0 ? reason : reason.substring(0, split)));
      if (split >= 0) {
        diagnostic = diagnostic.withNote(Note.help(reason.substring(split + 2)));
      }
      context.report(diagnostic);
      return;
    }
    if (!cron.firesEver()) {
      context.report(
          DiagnosticCode.FLOW310,
          value.span(),
          "cron expression \"%s\" never fires: no month it allows has that day of the month"
              .formatted(text.get()),
          Note.help("check the day-of-month and month fields (February has 29 days at most)"));
    }
  }

  /**
   * Where characters {@code offset..offset+length} of a string's text are in the source: exact when
   * the string is written on one line without escapes, else the whole string.
   */
  static Span inside(StringValue string, String text, int offset, int length) {
    Span span = string.span();
    int written = span.endColumn() - span.column();
    if (span.line() != span.endLine() || written != text.codePointCount(0, text.length()) + 2) {
      return span;
    }
    int column = span.column() + 1 + text.codePointCount(0, offset);
    return Span.of(span.line(), column, text.codePointCount(offset, offset + length));
  }

  private static void timezone(CheckContext context, Value value) {
    Optional<String> text = plainString(context, "timezone", value, "\"Europe/Berlin\"");
    if (text.isEmpty()) {
      return;
    }
    try {
      ZoneId.of(text.get());
      return;
    } catch (DateTimeException e) {
      // Reported below.
    }
    Diagnostic diagnostic =
        Diagnostic.of(
            DiagnosticCode.FLOW311, value.span(), "unknown time zone \"%s\"".formatted(text.get()));
    context.report(
        zoneSuggestion(text.get())
            .map(zone -> diagnostic.withNote(Note.help("did you mean \"%s\"?".formatted(zone))))
            .orElse(
                diagnostic.withNote(
                    Note.help(
                        "a time zone is an IANA id such as \"Europe/Berlin\","
                            + " \"America/New_York\" or \"UTC\""))));
  }

  /** The zone id {@code text} most likely meant: other case, an abbreviation, a typo, a city. */
  static Optional<String> zoneSuggestion(String text) {
    Set<String> ids = ZoneId.getAvailableZoneIds();
    String abbreviation = ZoneId.SHORT_IDS.get(text.toUpperCase(Locale.ROOT));
    if (abbreviation != null && !abbreviation.startsWith("-") && ids.contains(abbreviation)) {
      return Optional.of(abbreviation);
    }
    List<String> sorted = new ArrayList<>(ids);
    sorted.sort(null);
    Optional<String> close = Suggestions.closest(text, sorted);
    if (close.isPresent()) {
      return close;
    }
    String city = lastPart(text);
    List<String> cities = new ArrayList<>();
    for (String id : sorted) {
      if (id.contains("/") && !id.startsWith("Etc/") && !id.startsWith("SystemV/")) {
        cities.add(lastPart(id));
      }
    }
    return Suggestions.closest(city, cities)
        .or(() -> cities.stream().filter(c -> c.equalsIgnoreCase(city)).findFirst())
        .flatMap(match -> sorted.stream().filter(id -> lastPart(id).equals(match)).findFirst());
  }

  private static String lastPart(String id) {
    return id.substring(id.lastIndexOf('/') + 1).replace(' ', '_');
  }

  private static void word(
      CheckContext context, String directive, Value value, List<String> words) {
    if (value instanceof ErrorValue) {
      return;
    }
    String choices = UnknownDirectiveCheck.list(words).replace(" and ", " or ");
    if (value instanceof NameValue name && words.contains(name.text())) {
      return;
    }
    Diagnostic diagnostic;
    if (value instanceof NameValue name) {
      diagnostic =
          Diagnostic.of(
              DiagnosticCode.FLOW301,
              value.span(),
              "'%s' takes %s, not '%s'".formatted(directive, choices, name.text()));
      Optional<Note> meant = Suggestions.didYouMean(name.text(), words);
      diagnostic = meant.map(diagnostic::withNote).orElse(diagnostic);
    } else {
      diagnostic =
          Diagnostic.of(
              DiagnosticCode.FLOW301,
              value.span(),
              "'%s' takes %s, not %s".formatted(directive, choices, value.kind()));
      if (value instanceof StringValue string
          && string.isPlain()
          && words.contains(string.text())) {
        diagnostic =
            diagnostic.withNote(Note.help("write %s without quotes".formatted(string.text())));
      }
    }
    context.report(diagnostic);
  }

  private static void params(CheckContext context, ScheduleDecl schedule) {
    String name = schedule.name().text();
    Map<String, ParamDecl> declared = context.index().params();
    Set<String> set = new HashSet<>();
    Optional<Directive> directive = schedule.directive("params");
    if (directive.isPresent()) {
      Value value = value(directive.get());
      if (value instanceof ErrorValue) {
        return;
      }
      if (!(value instanceof MapValue map)) {
        context.report(
            DiagnosticCode.FLOW301,
            value.span(),
            "'params' takes a map such as { full_refresh: true }, not %s".formatted(value.kind()));
        return;
      }
      for (MapValue.Entry entry : map.entries()) {
        String param = entry.key().text();
        set.add(param);
        ParamDecl decl = declared.get(param);
        if (decl == null) {
          Diagnostic diagnostic =
              Diagnostic.of(
                  DiagnosticCode.FLOW312,
                  entry.key().span(),
                  "schedule '%s' sets param '%s', which pipeline '%s' does not declare"
                      .formatted(name, param, context.pipeline().name().text()));
          context.report(
              Suggestions.didYouMean(param, declared.keySet())
                  .map(diagnostic::withNote)
                  .orElse(
                      diagnostic.withNote(
                          Note.note(
                              declared.isEmpty()
                                  ? "the pipeline declares no params"
                                  : "its params are " + String.join(", ", declared.keySet())))));
          continue;
        }
        paramValue(context, name, decl, entry.value());
      }
    }
    if (schedule.incomplete() || context.syntaxErrors()) {
      return;
    }
    for (ParamDecl param : declared.values()) {
      String paramName = param.name().text();
      if (param.defaultValue() == null && !set.contains(paramName)) {
        context.report(
            DiagnosticCode.FLOW312,
            schedule.name().span(),
            "schedule '%s' leaves param '%s' unset, and it has no default"
                .formatted(name, paramName),
            Note.help("set it in the schedule: params { %s: VALUE }".formatted(paramName)),
            Note.note("param '%s' is declared here".formatted(paramName), param.name().span()));
      }
    }
  }

  private static void paramValue(
      CheckContext context, String schedule, ParamDecl param, Value value) {
    if (value instanceof ErrorValue) {
      return;
    }
    String name = param.name().text();
    boolean[] constant = {true};
    Values.walk(
        value,
        v -> {
          if (constant[0]
              && (v instanceof Reference
                  || v instanceof NameValue
                  || (v instanceof StringValue s && !s.isPlain()))) {
            constant[0] = false;
            Diagnostic diagnostic =
                Diagnostic.of(
                    DiagnosticCode.FLOW312,
                    v.span(),
                    "schedule '%s' gives param '%s' %s; a schedule's params are constants"
                        .formatted(schedule, name, v.kind()));
            context.report(
                v instanceof NameValue bare
                    ? diagnostic.withNote(
                        Note.help("write \"%s\" for a string".formatted(bare.text())))
                    : diagnostic);
          }
        });
    Optional<ParamType> type = context.index().paramType(name);
    if (!constant[0] || type.isEmpty() || TypeRules.fits(value, type.get())) {
      return;
    }
    Diagnostic diagnostic =
        Diagnostic.of(
            DiagnosticCode.FLOW312,
            value.span(),
            "param '%s' is %s, but schedule '%s' gives it %s"
                .formatted(name, type.get().withArticle(), schedule, value.kind()),
            Note.note("param '%s' is declared here".formatted(name), param.type().span()));
    if (type.get() == ParamType.DURATION
        && (value instanceof IntValue || value instanceof FloatValue)) {
      diagnostic =
          TypeRules.durationFor(value)
              .map(fix -> Note.help("did you mean " + fix + "? (a duration needs a unit)"))
              .map(diagnostic::withNote)
              .orElse(diagnostic);
    } else if (value instanceof StringValue s
        && ((type.get() == ParamType.INT && TypeRules.looksLikeInteger(s.text()))
            || (type.get() == ParamType.DURATION && TypeRules.looksLikeDuration(s.text()))
            || (type.get() == ParamType.BOOL && s.text().matches("true|false")))) {
      diagnostic = diagnostic.withNote(Note.help("write %s without quotes".formatted(s.text())));
    } else if (type.get() == ParamType.STRING && value instanceof DurationValue d) {
      diagnostic = diagnostic.withNote(Note.help("write \"%s\" for a string".formatted(d.text())));
    }
    context.report(diagnostic);
  }
}
