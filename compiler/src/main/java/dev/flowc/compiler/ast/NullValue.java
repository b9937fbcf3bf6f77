package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/** {@code null}. */
public record NullValue(Span span) implements Value {
  @Override
  public String kind() {
    return "null";
  }
}
