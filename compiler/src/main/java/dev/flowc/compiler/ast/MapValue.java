package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;
import java.util.List;

/** {@code { key: value, ... }}, entries in source order (duplicates included). */
public record MapValue(List<Entry> entries, Span span) implements Value {
  public MapValue {
    entries = List.copyOf(entries);
  }

  /** {@code key: value}. */
  public record Entry(Name key, Value value) {}

  @Override
  public String kind() {
    return "a map";
  }
}
