package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.IndexRef;
import dev.flowc.compiler.ast.ItemRef;
import dev.flowc.compiler.ast.NameRef;
import dev.flowc.compiler.ast.RunRef;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.ast.StateRef;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.ast.ValueDirective;
import dev.flowc.compiler.ast.WhenDirective;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Suggestions;
import dev.flowc.dag.RunValues;
import java.util.ArrayList;
import java.util.List;

/**
 * The names in a stage's values beyond params and results: a bare name that means nothing here
 * (FLOW207), {@code STAGE.state} outside {@code when} and {@code run.NAME} with an unknown name
 * (FLOW309), and run values or loop variables in a {@code description}, which is fixed when the
 * pipeline is compiled (FLOW301).
 */
final class StageValueCheck implements Check {
  @Override
  public void run(CheckContext context) {
    for (StageDecl stage : context.pipeline().members(StageDecl.class)) {
      if (stage.forClause() != null) {
        Values.walk(stage.forClause().list(), v -> check(context, stage, v, "for"));
      }
      for (Directive directive : stage.directives()) {
        if (directive instanceof WhenDirective when) {
          Values.walk(when.condition(), v -> check(context, stage, v, "when"));
        } else if (directive instanceof ValueDirective value) {
          String name = value.name().text();
          if (!BlockKind.STAGE.allows(name) || name.equals("handler") || name.equals("queue")) {
            continue;
          }
          if ((name.equals("description") || name.equals("metadata"))
              && value.value() instanceof NameRef) {
            // DirectiveValueCheck already says that a description is a string, metadata a map.
            continue;
          }
          Values.walk(value.value(), v -> check(context, stage, v, name));
        }
      }
    }
  }

  private static void check(CheckContext context, StageDecl stage, Value value, String where) {
    if (value instanceof NameRef name) {
      unknownName(context, stage, name);
    } else if (value instanceof StateRef state && !where.equals("when")) {
      context.report(
          DiagnosticCode.FLOW309,
          state.span(),
          "'%s.state' can be read only in 'when'".formatted(state.stage().text()),
          Note.help(
              "use '%s.result' for its result; 'when %s.state != \"complete\"' runs this stage"
                      .formatted(state.stage().text(), state.stage().text())
                  + " however it ended"));
    } else if (value instanceof RunRef run) {
      String name = run.name().text();
      if (!RunValues.NAMES.contains(name)) {
        Diagnostic diagnostic =
            Diagnostic.of(
                DiagnosticCode.FLOW309,
                run.name().span(),
                "unknown run value 'run.%s'".formatted(name));
        context.report(
            Suggestions.didYouMean(name, RunValues.NAMES)
                .map(diagnostic::withNote)
                .orElse(
                    diagnostic.withNote(
                        Note.help(
                            "the run values are " + UnknownDirectiveCheck.list(RunValues.NAMES)))));
      } else if (where.equals("description")) {
        fixedDescription(context, run.span(), "'run.%s'".formatted(name));
      }
    } else if ((value instanceof ItemRef || value instanceof IndexRef)
        && where.equals("description")) {
      String var =
          value instanceof ItemRef item ? item.var().text() : ((IndexRef) value).var().text();
      fixedDescription(context, value.span(), "the loop variable '%s'".formatted(var));
    }
  }

  private static void fixedDescription(
      CheckContext context, dev.flowc.compiler.source.Span span, String what) {
    context.report(
        DiagnosticCode.FLOW301,
        span,
        "'description' cannot use %s: a description is fixed when the pipeline is compiled"
            .formatted(what),
        Note.help("put it in 'metadata', which is filled in for each job"));
  }

  /** FLOW207, with the most likely fix. */
  private static void unknownName(CheckContext context, StageDecl stage, NameRef name) {
    String head = name.head().text();
    Diagnostic diagnostic =
        Diagnostic.of(
            DiagnosticCode.FLOW207, name.head().span(), "unknown name '%s'".formatted(head));
    List<String> inScope = new ArrayList<>();
    if (stage.forClause() != null) {
      inScope.add(stage.forClause().var().text());
      if (stage.forClause().indexVar() != null) {
        inScope.add(stage.forClause().indexVar().text());
      }
    }
    Note help = Suggestions.didYouMean(head, inScope).orElse(null);
    if (help == null) {
      for (StageDecl other : context.pipeline().members(StageDecl.class)) {
        if (other != stage
            && other.forClause() != null
            && (other.forClause().var().text().equals(head)
                || (other.forClause().indexVar() != null
                    && other.forClause().indexVar().text().equals(head)))) {
          help =
              Note.help(
                  "'%s' is a loop variable of stage '%s'; only that stage's values can use it"
                      .formatted(head, other.name().text()));
          break;
        }
      }
    }
    if (help == null) {
      help = DirectiveValueCheck.bareNameHelp(context, name.text());
    }
    context.report(diagnostic.withNote(help));
  }
}
