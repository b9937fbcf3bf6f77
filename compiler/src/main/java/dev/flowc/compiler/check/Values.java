package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Condition;
import dev.flowc.compiler.ast.ListValue;
import dev.flowc.compiler.ast.MapValue;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import java.util.function.Consumer;

/** Walks values. */
final class Values {
  private Values() {}

  /**
   * Calls {@link #walk(Value, Consumer)} on every operand of {@code condition}, in source order.
   */
  static void walk(Condition condition, Consumer<Value> visitor) {
    if (condition instanceof Condition.Logical logical) {
      logical.operands().forEach(c -> walk(c, visitor));
    } else if (condition instanceof Condition.Not not) {
      walk(not.operand(), visitor);
    } else if (condition instanceof Condition.Compare compare) {
      walk(compare.left(), visitor);
      walk(compare.right(), visitor);
    } else if (condition instanceof Condition.Len len) {
      walk(len.argument(), visitor);
    } else if (condition instanceof Condition.Operand operand) {
      walk(operand.value(), visitor);
    }
  }

  /**
   * Calls {@code visitor} on {@code value} and every value inside it, in source order, including
   * the references interpolated in strings.
   */
  static void walk(Value value, Consumer<Value> visitor) {
    if (value == null) {
      return;
    }
    visitor.accept(value);
    if (value instanceof ListValue list) {
      list.items().forEach(item -> walk(item, visitor));
    } else if (value instanceof MapValue map) {
      map.entries().forEach(entry -> walk(entry.value(), visitor));
    } else if (value instanceof StringValue string) {
      for (StringValue.Part part : string.parts()) {
        if (part instanceof StringValue.Interpolation interpolation) {
          visitor.accept(interpolation.reference());
        }
      }
    }
  }
}
