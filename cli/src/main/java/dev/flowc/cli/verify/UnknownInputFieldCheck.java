package dev.flowc.cli.verify;

import dev.flowc.compiler.StaticValue;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Suggestions;

/**
 * FLOW502: a key of the input, or of a map inside it, that the record or bean it is read as does
 * not have, and that Jackson would refuse. Types that ignore unknown fields
 * ({@code @JsonIgnoreProperties(ignoreUnknown = true)}, an any-setter) accept every key.
 */
final class UnknownInputFieldCheck {
  private final Verification verification;

  UnknownInputFieldCheck(Verification verification) {
    this.verification = verification;
  }

  void check(InputSite site, StaticValue.ObjectValue object, InputType.Bean bean) {
    if (bean.acceptsUnknown()) {
      return;
    }
    for (StaticValue.Field field : object.fields()) {
      if (bean.accepts(field.key())) {
        continue;
      }
      Diagnostic diagnostic =
          Diagnostic.of(
              DiagnosticCode.FLOW502,
              field.keySpan(),
              "unknown field '%s' in %s".formatted(site.path().field(field.key()), site.inputOf()));
      var names = bean.properties().stream().map(InputType.Property::name).toList();
      diagnostic =
          Suggestions.didYouMean(field.key(), names).map(diagnostic::withNote).orElse(diagnostic);
      verification.report(diagnostic.withNote(fieldsNote(site, bean)));
    }
  }

  /** {@code help: the input of 'x' has the fields: ...}. */
  Note fieldsNote(InputSite site, InputType.Bean bean) {
    return bean.properties().isEmpty()
        ? Note.help("%s has no fields".formatted(site.mapName()))
        : Note.help("%s has the fields: %s".formatted(site.mapName(), verification.fields(bean)));
  }
}
