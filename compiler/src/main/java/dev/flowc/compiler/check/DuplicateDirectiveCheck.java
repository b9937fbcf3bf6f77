package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.DirectiveBlock;
import dev.flowc.compiler.ast.QueueDecl;
import dev.flowc.compiler.ast.ScheduleDecl;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import java.util.HashMap;
import java.util.Map;

/** FLOW104: a directive set twice in one stage, queue, schedule or defaults block. */
final class DuplicateDirectiveCheck implements Check {
  @Override
  public void run(CheckContext context) {
    for (DirectiveBlock block : context.pipeline().members(DirectiveBlock.class)) {
      Map<String, Directive> seen = new HashMap<>();
      for (Directive directive : block.directives()) {
        Directive first = seen.putIfAbsent(directive.name().text(), directive);
        if (first != null) {
          context.report(
              DiagnosticCode.FLOW104,
              directive.name().span(),
              "'%s' is set twice in %s".formatted(directive.name().text(), describe(block)),
              Note.note("first set here", first.name().span()),
              Note.help("remove one of them"));
        }
      }
    }
  }

  static String describe(DirectiveBlock block) {
    if (block instanceof StageDecl stage) {
      return "stage '" + stage.name().text() + "'";
    }
    if (block instanceof QueueDecl queue) {
      return "queue '" + queue.name().text() + "'";
    }
    if (block instanceof ScheduleDecl schedule) {
      return "schedule '" + schedule.name().text() + "'";
    }
    return "'defaults'";
  }
}
