package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.ErrorValue;
import dev.flowc.compiler.ast.ForClause;
import dev.flowc.compiler.ast.IntValue;
import dev.flowc.compiler.ast.ListValue;
import dev.flowc.compiler.ast.NameRef;
import dev.flowc.compiler.ast.ParamRef;
import dev.flowc.compiler.ast.ResultRef;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.ast.StateRef;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.ast.ValueDirective;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.dag.Each;
import java.util.Optional;

/**
 * A {@code for} runs over a list (FLOW307): a list literal, a {@code list} or {@code any} param, or
 * a stage's result. A literal list longer than the stage's {@code max_items} is FLOW302, and {@code
 * max_items} in a stage without {@code for} is FLOW204.
 */
final class ForCheck implements Check {
  @Override
  public void run(CheckContext context) {
    for (StageDecl stage : context.pipeline().members(StageDecl.class)) {
      Optional<Directive> maxItems = stage.directive("max_items");
      ForClause clause = stage.forClause();
      if (clause == null) {
        maxItems.ifPresent(
            directive ->
                context.report(
                    DiagnosticCode.FLOW204,
                    directive.name().span(),
                    "'max_items' applies only to a stage with 'for'",
                    Note.help(
                        "write 'stage %s for VAR in LIST { ... }' to run it once per element"
                            .formatted(stage.name().text()))));
        continue;
      }
      list(context, clause.list());
      if (clause.list() instanceof ListValue list) {
        long limit =
            maxItems
                .filter(ValueDirective.class::isInstance)
                .map(d -> ((ValueDirective) d).value())
                .filter(IntValue.class::isInstance)
                .map(v -> ((IntValue) v).value())
                .orElse((long) Each.DEFAULT_MAX_ITEMS);
        if (list.items().size() > limit) {
          context.report(
              DiagnosticCode.FLOW302,
              list.span(),
              "the list has %d elements, more than max_items %d"
                  .formatted(list.items().size(), limit),
              Note.help("raise 'max_items' (at most %,d)".formatted(Each.MAX_ITEMS)));
        }
      }
    }
  }

  private static void list(CheckContext context, Value value) {
    if (value instanceof ListValue
        || value instanceof ResultRef
        || value instanceof ErrorValue
        || value instanceof NameRef
        || value instanceof StateRef) {
      // NameRef and StateRef have diagnostics of their own (FLOW207, FLOW309).
      return;
    }
    if (value instanceof ParamRef ref) {
      Optional<ParamType> type = context.index().paramType(ref.name().text());
      if (type.isEmpty() || type.get() == ParamType.LIST || type.get() == ParamType.ANY) {
        return;
      }
      context.report(
          DiagnosticCode.FLOW307,
          ref.span(),
          "'for' runs over a list, but param '%s' is declared as '%s'"
              .formatted(ref.name().text(), type.get().id()),
          Note.note(
              "param '%s' is declared here".formatted(ref.name().text()),
              context.index().params().get(ref.name().text()).type().span()));
      return;
    }
    context.report(
        DiagnosticCode.FLOW307,
        value.span(),
        "'for' runs over a list, not %s".formatted(value.kind()),
        Note.help("write a list such as [\"eu\", \"us\"], a list param, or a stage's result"));
  }
}
