package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;
import java.util.List;

/** {@code [a, b]}. */
public record ListValue(List<Value> items, Span span) implements Value {
  public ListValue {
    items = List.copyOf(items);
  }

  @Override
  public String kind() {
    return "a list";
  }
}
