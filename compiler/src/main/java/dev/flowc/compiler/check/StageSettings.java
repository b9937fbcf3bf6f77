package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.DefaultsBlock;
import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.NameValue;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.ast.ValueDirective;
import dev.flowc.dag.QueueSpec;
import java.util.Optional;

/** The fixed settings of a stage, as written or inherited: its handler and its queue. */
public final class StageSettings {
  private StageSettings() {}

  /**
   * The stage's queue: its own, else the one in {@code defaults}, else {@code default}. Empty when
   * the directive that sets it is malformed.
   */
  public static Optional<String> queue(StageDecl stage, PipelineIndex index) {
    Optional<Directive> directive =
        stage
            .directive("queue")
            .or(() -> index.defaults().flatMap((DefaultsBlock d) -> d.directive("queue")));
    if (directive.isEmpty()) {
      return Optional.of(QueueSpec.DEFAULT);
    }
    return directive.get() instanceof ValueDirective value
        ? queueName(value.value())
        : Optional.empty();
  }

  /** The queue a {@code queue} directive names: a bare name or a plain string. */
  static Optional<String> queueName(Value value) {
    if (value instanceof NameValue name && name.isSimple()) {
      return Optional.of(name.text());
    }
    if (value instanceof StringValue string && string.isPlain()) {
      return Optional.of(string.text());
    }
    return Optional.empty();
  }

  /**
   * The stage's handler name: a dotted name or a plain string. Empty when the stage has none or it
   * is malformed.
   */
  public static Optional<String> handler(StageDecl stage) {
    return stage
        .directive("handler")
        .filter(ValueDirective.class::isInstance)
        .map(d -> ((ValueDirective) d).value())
        .flatMap(
            value -> {
              if (value instanceof NameValue name) {
                return Optional.of(name.text());
              }
              if (value instanceof StringValue string && string.isPlain()) {
                return Optional.of(string.text());
              }
              return Optional.empty();
            });
  }
}
