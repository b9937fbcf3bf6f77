package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;

/**
 * FLOW304: a stage without a {@code handler}. Stages the parser had to recover inside are skipped:
 * their handler may be what the syntax error swallowed.
 */
final class RequiredDirectiveCheck implements Check {
  @Override
  public void run(CheckContext context) {
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
