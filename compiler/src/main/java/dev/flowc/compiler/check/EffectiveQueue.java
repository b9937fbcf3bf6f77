package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.DefaultsBlock;
import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.ast.ValueDirective;
import dev.flowc.dag.QueueSpec;
import java.util.Optional;

/** The queue a stage runs on: its own, else the one in {@code defaults}, else {@code default}. */
public final class EffectiveQueue {
  private EffectiveQueue() {}

  /** The stage's queue name, or empty when the directive that sets it is malformed. */
  public static Optional<String> of(StageDecl stage, PipelineIndex index) {
    Optional<Directive> directive =
        stage
            .directive("queue")
            .or(() -> index.defaults().flatMap((DefaultsBlock d) -> d.directive("queue")));
    if (directive.isEmpty()) {
      return Optional.of(QueueSpec.DEFAULT);
    }
    return directive.get() instanceof ValueDirective value
        ? ReferenceCheck.queueName(value.value())
        : Optional.empty();
  }
}
