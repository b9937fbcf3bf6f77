package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Attribute;
import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.DirectiveBlock;
import dev.flowc.compiler.ast.Name;
import dev.flowc.compiler.ast.ParamRef;
import dev.flowc.compiler.ast.ResultRef;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.ast.StateRef;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.ast.ValueDirective;
import dev.flowc.compiler.ast.WhenDirective;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.dag.QueueSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Names that must refer to a declaration: stages in {@code after}, in {@code STAGE.result} inside
 * {@code input}, a {@code for} list or {@code when}, and in {@code STAGE.state} inside {@code when}
 * (FLOW201, FLOW205 for the stage itself), queues (FLOW202) and params (FLOW203). Result references
 * outside {@code input} are reported by {@link DirectiveValueCheck}.
 */
final class ReferenceCheck implements Check {
  @Override
  public void run(CheckContext context) {
    for (StageDecl stage : context.pipeline().members(StageDecl.class)) {
      for (Name after : stage.after()) {
        stageReference(context, stage, after, "runs after itself");
      }
      stage
          .directive("input")
          .ifPresent(
              input ->
                  AllValues.forEach(
                      input,
                      v -> {
                        if (v instanceof ResultRef ref) {
                          stageReference(context, stage, ref.stage(), "uses its own result");
                        }
                      }));
      if (stage.forClause() != null) {
        Values.walk(
            stage.forClause().list(),
            v -> {
              if (v instanceof ResultRef ref) {
                stageReference(context, stage, ref.stage(), "fans out over its own result");
              }
            });
      }
      for (Directive directive : stage.directives()) {
        if (directive instanceof WhenDirective when) {
          Values.walk(
              when.condition(),
              v -> {
                if (v instanceof ResultRef ref) {
                  stageReference(context, stage, ref.stage(), "uses its own result");
                } else if (v instanceof StateRef ref) {
                  stageReference(context, stage, ref.stage(), "reads its own state");
                }
              });
        }
      }
    }
    for (DirectiveBlock block : context.pipeline().members(DirectiveBlock.class)) {
      if (block instanceof StageDecl stage && stage.forClause() != null) {
        Values.walk(stage.forClause().list(), v -> paramReference(context, v));
      }
      for (Directive directive : block.directives()) {
        AllValues.forEach(directive, v -> paramReference(context, v));
        if (directive instanceof ValueDirective queue
            && queue.name().text().equals("queue")
            && BlockKind.of(block) != BlockKind.QUEUE) {
          queueReference(context, queue.value());
        }
      }
    }
    for (Attribute attribute : context.pipeline().members(Attribute.class)) {
      Values.walk(attribute.value(), v -> paramReference(context, v));
    }
  }

  private static void stageReference(
      CheckContext context, StageDecl stage, Name reference, String selfMessage) {
    String name = reference.text();
    if (name.equals(stage.name().text())) {
      context.report(
          DiagnosticCode.FLOW205, reference.span(), "stage '%s' %s".formatted(name, selfMessage));
      return;
    }
    if (!context.index().stages().containsKey(name)) {
      Diagnostic diagnostic =
          Diagnostic.of(
              DiagnosticCode.FLOW201, reference.span(), "unknown stage '%s'".formatted(name));
      context.report(
          context
              .suggestions()
              .didYouMean(name, context.index().stages().keySet())
              .map(diagnostic::withNote)
              .orElse(diagnostic));
    }
  }

  private static void paramReference(CheckContext context, Value value) {
    if (!(value instanceof ParamRef ref)) {
      return;
    }
    String name = ref.name().text();
    if (context.index().params().containsKey(name)) {
      return;
    }
    Diagnostic diagnostic =
        Diagnostic.of(
            DiagnosticCode.FLOW203, ref.name().span(), "unknown param '%s'".formatted(name));
    context.report(
        context
            .suggestions()
            .didYouMean(name, context.index().params().keySet())
            .map(diagnostic::withNote)
            .orElse(diagnostic));
  }

  private static void queueReference(CheckContext context, Value value) {
    Optional<String> name = StageSettings.queueName(value);
    if (name.isEmpty()
        || name.get().equals(QueueSpec.DEFAULT)
        || context.index().queues().containsKey(name.get())) {
      return;
    }
    List<String> known = new ArrayList<>(context.index().queues().keySet());
    known.add(QueueSpec.DEFAULT);
    Diagnostic diagnostic =
        Diagnostic.of(
            DiagnosticCode.FLOW202, value.span(), "unknown queue '%s'".formatted(name.get()));
    context.report(
        context
            .suggestions()
            .didYouMean(name.get(), known)
            .map(diagnostic::withNote)
            .orElse(diagnostic));
  }
}
