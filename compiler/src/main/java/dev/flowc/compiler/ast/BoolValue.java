package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/** {@code true} or {@code false}. */
public record BoolValue(boolean value, Span span) implements Value {
  @Override
  public String kind() {
    return "a boolean";
  }
}
