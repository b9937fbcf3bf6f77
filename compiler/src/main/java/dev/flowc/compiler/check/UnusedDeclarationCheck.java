package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Attribute;
import dev.flowc.compiler.ast.DirectiveBlock;
import dev.flowc.compiler.ast.ParamDecl;
import dev.flowc.compiler.ast.ParamRef;
import dev.flowc.compiler.ast.QueueDecl;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Suggestions;
import java.util.HashSet;
import java.util.Set;

/**
 * FLOW401 and FLOW402: a param nothing refers to, a queue no stage runs on. Not reported after
 * syntax errors, since the use may be in the part the parser skipped.
 */
final class UnusedDeclarationCheck implements Check {
  @Override
  public void run(CheckContext context) {
    if (context.syntaxErrors()) {
      return;
    }
    Set<String> usedParams = new HashSet<>();
    for (DirectiveBlock block : context.pipeline().members(DirectiveBlock.class)) {
      AllValues.forEach(
          block,
          v -> {
            if (v instanceof ParamRef ref) {
              usedParams.add(ref.name().text());
            }
          });
    }
    for (Attribute attribute : context.pipeline().members(Attribute.class)) {
      Values.walk(
          attribute.value(),
          v -> {
            if (v instanceof ParamRef ref) {
              usedParams.add(ref.name().text());
            }
          });
    }
    usedParams.addAll(meant(usedParams, context.index().params().keySet()));
    for (ParamDecl param : context.index().params().values()) {
      if (!usedParams.contains(param.name().text())) {
        context.report(
            DiagnosticCode.FLOW401,
            param.name().span(),
            "param '%s' is never used".formatted(param.name().text()),
            Note.help("refer to it as 'params.%s', or remove it".formatted(param.name().text())));
      }
    }

    Set<String> usedQueues = new HashSet<>();
    for (var stage : context.index().stages().values()) {
      StageSettings.queue(stage, context.index()).ifPresent(usedQueues::add);
    }
    usedQueues.addAll(meant(usedQueues, context.index().queues().keySet()));
    for (QueueDecl queue : context.index().queues().values()) {
      if (!usedQueues.contains(queue.name().text())) {
        context.report(
            DiagnosticCode.FLOW402,
            queue.name().span(),
            "queue '%s' is declared but no stage uses it".formatted(queue.name().text()),
            Note.help(
                "set 'queue %s' in a stage or in 'defaults', or remove it"
                    .formatted(queue.name().text())));
      }
    }
  }

  /**
   * The declarations that references to undeclared names were probably meant for: the ones FLOW202
   * and FLOW203 suggest. Calling them unused as well would report one typo twice.
   */
  private static Set<String> meant(Set<String> used, Set<String> declared) {
    Set<String> meant = new HashSet<>();
    for (String name : used) {
      if (!declared.contains(name)) {
        Suggestions.closest(name, declared).ifPresent(meant::add);
      }
    }
    return meant;
  }
}
