package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.ListValue;
import dev.flowc.compiler.ast.MapValue;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import java.util.function.Consumer;

/** Walks values. */
final class Values {
  private Values() {}

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
