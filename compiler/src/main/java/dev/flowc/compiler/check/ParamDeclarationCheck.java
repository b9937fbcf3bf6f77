package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.DurationValue;
import dev.flowc.compiler.ast.ErrorValue;
import dev.flowc.compiler.ast.FloatValue;
import dev.flowc.compiler.ast.IntValue;
import dev.flowc.compiler.ast.NameValue;
import dev.flowc.compiler.ast.ParamDecl;
import dev.flowc.compiler.ast.ParamRef;
import dev.flowc.compiler.ast.Reference;
import dev.flowc.compiler.ast.ResultRef;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Suggestions;
import java.util.Optional;

/**
 * A param's type is one of the language's types (FLOW001, since the grammar lists them), and its
 * default is a constant of that type (FLOW301, or FLOW303 for a bare number given to a duration).
 */
final class ParamDeclarationCheck implements Check {
  @Override
  public void run(CheckContext context) {
    for (ParamDecl param : context.index().params().values()) {
      if (param.type() == null) {
        continue;
      }
      Optional<ParamType> type = ParamType.parse(param.type().text());
      if (type.isEmpty()) {
        Diagnostic diagnostic =
            Diagnostic.of(
                DiagnosticCode.FLOW001,
                param.type().span(),
                "unknown type '%s' for param '%s'"
                    .formatted(param.type().text(), param.name().text()));
        context.report(
            Suggestions.didYouMean(param.type().text(), ParamType.ids())
                .map(diagnostic::withNote)
                .orElse(
                    diagnostic.withNote(
                        Note.help(
                            "the types are " + UnknownDirectiveCheck.list(ParamType.ids())))));
        continue;
      }
      if (param.defaultValue() != null) {
        checkDefault(context, param, type.get());
      }
    }
  }

  private static void checkDefault(CheckContext context, ParamDecl param, ParamType type) {
    Value value = param.defaultValue();
    boolean[] constant = {true};
    Values.walk(
        value,
        v -> {
          if (v instanceof NameValue name) {
            // Lowering has no value for a bare name, at any depth.
            constant[0] = false;
            DirectiveValueCheck.bareName(context, name);
          } else if (v instanceof Reference ref && constant[0]) {
            constant[0] = false;
            context.report(
                DiagnosticCode.FLOW301,
                ref.span(),
                "the default of param '%s' refers to %s; a default must be a constant"
                    .formatted(
                        param.name().text(),
                        ref instanceof ParamRef p
                            ? "param '" + p.name().text() + "'"
                            : "the result of stage '" + ((ResultRef) ref).stage().text() + "'"));
          }
        });
    if (!constant[0] || value instanceof ErrorValue || TypeRules.fits(value, type)) {
      return;
    }
    String name = param.name().text();
    if (type == ParamType.DURATION && (value instanceof IntValue || value instanceof FloatValue)) {
      Diagnostic diagnostic =
          Diagnostic.of(
              DiagnosticCode.FLOW303,
              value.span(),
              "param '%s' is a duration, but its default has no unit".formatted(name));
      context.report(
          TypeRules.durationFor(value)
              .map(fix -> diagnostic.withNote(Note.help("did you mean " + fix + "?")))
              .orElse(diagnostic));
      return;
    }
    Diagnostic diagnostic =
        Diagnostic.of(
            DiagnosticCode.FLOW301,
            value.span(),
            "param '%s' is %s, but its default is %s"
                .formatted(name, type.withArticle(), value.kind()));
    if (value instanceof StringValue s && s.isPlain()) {
      if ((type == ParamType.INT && TypeRules.looksLikeInteger(s.text()))
          || (type == ParamType.DURATION && TypeRules.looksLikeDuration(s.text()))
          || (type == ParamType.BOOL && s.text().matches("true|false"))) {
        diagnostic = diagnostic.withNote(Note.help("write %s without quotes".formatted(s.text())));
      }
    } else if (type == ParamType.STRING && value instanceof DurationValue d) {
      diagnostic = diagnostic.withNote(Note.help("write \"%s\" for a string".formatted(d.text())));
    }
    context.report(diagnostic);
  }
}
