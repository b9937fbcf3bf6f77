package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;

/**
 * FLOW304: a stage without a {@code handler}. Not reported after syntax errors: the handler may be
 * what a syntax error swallowed, in that stage or, through a missing brace, in another.
 */
final class RequiredDirectiveCheck implements Check {
  @Override
  public void run(CheckContext context) {
    if (context.syntaxErrors()) {
      return;
    }
    for (StageDecl stage : context.pipeline().members(StageDecl.class)) {
      if (!stage.incomplete() && stage.directive("handler").isEmpty()) {
        context.report(
            DiagnosticCode.FLOW304,
            stage.name().span(),
            "stage '%s' has no 'handler'".formatted(stage.name().text()),
            Note.help(
                "add 'handler \"NAME\"': the name a Guice module binds the handler under, or a"
                    + " class name"));
      }
    }
  }
}
