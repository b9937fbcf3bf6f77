package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Attribute;
import dev.flowc.compiler.ast.BackoffDirective;
import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.DirectiveBlock;
import dev.flowc.compiler.ast.ParamDecl;
import dev.flowc.compiler.ast.ParamsBlock;
import dev.flowc.compiler.ast.Pipeline;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.ast.ValueDirective;
import dev.flowc.compiler.ast.WhenDirective;
import java.util.function.Consumer;

/** Every value of a pipeline, nested ones included. */
final class AllValues {
  private AllValues() {}

  static void forEach(Pipeline pipeline, Consumer<Value> visitor) {
    for (Attribute attribute : pipeline.members(Attribute.class)) {
      Values.walk(attribute.value(), visitor);
    }
    for (ParamsBlock block : pipeline.members(ParamsBlock.class)) {
      for (ParamDecl param : block.params()) {
        Values.walk(param.defaultValue(), visitor);
      }
    }
    for (DirectiveBlock block : pipeline.members(DirectiveBlock.class)) {
      if (block instanceof StageDecl stage && stage.forClause() != null) {
        Values.walk(stage.forClause().list(), visitor);
      }
      for (Directive directive : block.directives()) {
        forEach(directive, visitor);
      }
    }
  }

  /** Every value of a block: its directives' and, for a stage, its {@code for} list's. */
  static void forEach(DirectiveBlock block, Consumer<Value> visitor) {
    if (block instanceof StageDecl stage && stage.forClause() != null) {
      Values.walk(stage.forClause().list(), visitor);
    }
    for (Directive directive : block.directives()) {
      forEach(directive, visitor);
    }
  }

  static void forEach(Directive directive, Consumer<Value> visitor) {
    if (directive instanceof ValueDirective value) {
      Values.walk(value.value(), visitor);
    } else if (directive instanceof BackoffDirective backoff) {
      Values.walk(backoff.base(), visitor);
      Values.walk(backoff.max(), visitor);
    } else if (directive instanceof WhenDirective when) {
      Values.walk(when.condition(), visitor);
    }
  }
}
