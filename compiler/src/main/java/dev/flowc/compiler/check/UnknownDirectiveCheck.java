package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Attribute;
import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.DirectiveBlock;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Suggestions;
import java.util.List;

/**
 * FLOW204: a directive the block does not have, or a pipeline member that does not exist, with the
 * closest valid name suggested.
 */
final class UnknownDirectiveCheck implements Check {
  private static final List<String> PIPELINE_MEMBERS =
      List.of("description", "params", "defaults", "queue", "stage", "schedule");

  @Override
  public void run(CheckContext context) {
    for (DirectiveBlock block : context.pipeline().members(DirectiveBlock.class)) {
      BlockKind kind = BlockKind.of(block);
      for (Directive directive : block.directives()) {
        String name = directive.name().text();
        if (!kind.allows(name)) {
          context.report(unknown(kind, directive));
        }
      }
    }
    for (Attribute attribute : context.pipeline().members(Attribute.class)) {
      String key = attribute.key().text();
      if (key.equals("description")) {
        continue;
      }
      Diagnostic diagnostic =
          Diagnostic.of(
              DiagnosticCode.FLOW204,
              attribute.key().span(),
              "unknown pipeline member '%s'".formatted(key));
      if (BlockKind.DEFAULTS.allows(key)) {
        diagnostic =
            diagnostic.withNote(
                Note.help(
                    "'%s' is a stage directive; put it in 'defaults { ... }' to apply it to every stage"
                        .formatted(key)));
      } else if (BlockKind.STAGE.allows(key)) {
        diagnostic =
            diagnostic.withNote(
                Note.help("'%s' is a stage directive; set it inside a stage".formatted(key)));
      } else {
        diagnostic =
            Suggestions.didYouMean(key, PIPELINE_MEMBERS)
                .map(diagnostic::withNote)
                .orElse(
                    diagnostic.withNote(
                        Note.help(
                            "a pipeline holds description, params, defaults, queue, stage and"
                                + " schedule")));
      }
      context.report(diagnostic);
    }
  }

  private static Diagnostic unknown(BlockKind kind, Directive directive) {
    String name = directive.name().text();
    if (kind == BlockKind.DEFAULTS && BlockKind.STAGE.allows(name)) {
      return Diagnostic.of(
          DiagnosticCode.FLOW204,
          directive.name().span(),
          "'%s' cannot be set in 'defaults'".formatted(name),
          Note.help(
              "'defaults' holds only %s; set '%s' in each stage"
                  .formatted(list(BlockKind.DEFAULTS.directives()), name)));
    }
    Diagnostic diagnostic =
        Diagnostic.of(
            DiagnosticCode.FLOW204,
            directive.name().span(),
            "unknown directive '%s' for %s".formatted(name, kind.noun()));
    if (kind != BlockKind.QUEUE && name.equals("rate")) {
      return diagnostic.withNote(
          Note.help(
              "'rate' is a queue's: write 'queue NAME { rate 10/s }' and run the stage on it"));
    }
    if (kind == BlockKind.QUEUE && BlockKind.STAGE.allows(name)) {
      return diagnostic.withNote(
          Note.help(
              "a queue has only 'concurrency' and 'rate'; '%s' belongs in a stage or in 'defaults'"
                  .formatted(name)));
    }
    return Suggestions.didYouMean(name, kind.directives())
        .map(diagnostic::withNote)
        .orElse(
            diagnostic.withNote(
                Note.help("%s takes %s".formatted(kind.noun(), list(kind.directives())))));
  }

  static String list(List<String> names) {
    return names.size() == 1
        ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1))
            + " and "
            + names.get(names.size() - 1);
  }
}
