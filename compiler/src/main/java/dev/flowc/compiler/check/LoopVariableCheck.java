package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.ForClause;
import dev.flowc.compiler.ast.Name;
import dev.flowc.compiler.ast.ParamDecl;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import java.util.List;

/**
 * FLOW208: a loop variable that shadows a param, a stage or the other loop variable of its {@code
 * for}, or that is a keyword. Such a name would make {@code NAME.result}, {@code NAME.state} or
 * {@code run.NAME} mean two things.
 */
final class LoopVariableCheck implements Check {
  /** Keywords of the language, and the names a stage's values give a meaning of their own. */
  static final List<String> RESERVED =
      List.of(
          "pipeline",
          "stage",
          "queue",
          "params",
          "defaults",
          "after",
          "true",
          "false",
          "null",
          "for",
          "in",
          "when",
          "run",
          "len");

  @Override
  public void run(CheckContext context) {
    for (StageDecl stage : context.pipeline().members(StageDecl.class)) {
      ForClause clause = stage.forClause();
      if (clause == null) {
        continue;
      }
      if (clause.indexVar() != null) {
        check(context, clause.indexVar(), "index variable");
      }
      if (clause.indexVar() != null && clause.indexVar().text().equals(clause.var().text())) {
        context.report(
            DiagnosticCode.FLOW208,
            clause.var().span(),
            "loop variable '%s' has the name of the index variable".formatted(clause.var().text()),
            Note.note("the index variable is named here", clause.indexVar().span()),
            Note.help(
                "name them apart, such as 'for i, %s in ...'".formatted(clause.var().text())));
      } else {
        check(context, clause.var(), "loop variable");
      }
    }
  }

  private static void check(CheckContext context, Name var, String what) {
    String name = var.text();
    if (RESERVED.contains(name)) {
      context.report(
          DiagnosticCode.FLOW208,
          var.span(),
          "'%s' is a keyword and cannot name a %s".formatted(name, what),
          Note.help("choose another name, such as '%s_'".formatted(name)));
      return;
    }
    StageDecl stage = context.index().stages().get(name);
    if (stage != null) {
      context.report(
          DiagnosticCode.FLOW208,
          var.span(),
          "%s '%s' shadows stage '%s'".formatted(what, name, name),
          Note.note("stage '%s' is declared here".formatted(name), stage.name().span()),
          Note.help("choose another name, so that '%s.result' means the stage".formatted(name)));
      return;
    }
    ParamDecl param = context.index().params().get(name);
    if (param != null) {
      context.report(
          DiagnosticCode.FLOW208,
          var.span(),
          "%s '%s' shadows param '%s'".formatted(what, name, name),
          Note.note("param '%s' is declared here".formatted(name), param.name().span()),
          Note.help("choose another name; the param is 'params.%s'".formatted(name)));
    }
  }
}
