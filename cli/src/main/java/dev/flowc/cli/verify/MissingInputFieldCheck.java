package dev.flowc.cli.verify;

import dev.flowc.compiler.StaticValue;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.source.Span;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * FLOW503: a map of the input (or the input itself) leaves out a field that its record or bean
 * requires: one marked {@code @JsonProperty(required = true)}, or a primitive record component (a
 * primitive constructor parameter), which Jackson would quietly set to 0 or false. Reported at the
 * map, or at the stage's name when the stage has no {@code input}.
 */
final class MissingInputFieldCheck {
  private final Verification verification;

  MissingInputFieldCheck(Verification verification) {
    this.verification = verification;
  }

  void check(InputSite site, StaticValue.ObjectValue object, InputType.Bean bean) {
    Set<String> given = new HashSet<>();
    for (StaticValue.Field field : object.fields()) {
      bean.property(field.key()).ifPresent(p -> given.add(p.name()));
    }
    List<InputType.Property> missing =
        bean.required().stream().filter(p -> !given.contains(p.name())).toList();
    if (missing.isEmpty()) {
      return;
    }
    List<String> paths = missing.stream().map(p -> site.path().field(p.name()).text()).toList();
    List<String> additions =
        missing.stream()
            .map(
                p ->
                    "'%s' (%s)"
                        .formatted(
                            p.name(), verification.describe(verification.types().of(p.type()))))
            .toList();
    String add = String.join(", ", additions.subList(0, additions.size() - 1));
    add = add.isEmpty() ? additions.get(0) : add + " and " + additions.get(additions.size() - 1);
    Span span = site.written() ? object.span() : site.call().stageSpan();
    Note help =
        site.written()
            ? Note.help("add " + add)
            : Note.help(
                "stage '%s' has no 'input': add one with %s".formatted(site.call().stage(), add));
    verification.report(
        Diagnostic.of(
            DiagnosticCode.FLOW503,
            span,
            "missing %s %s in %s"
                .formatted(
                    missing.size() == 1 ? "field" : "fields",
                    Verification.quotedList(paths),
                    site.inputOf()),
            help));
  }
}
