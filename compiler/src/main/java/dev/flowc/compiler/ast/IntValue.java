package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/** An integer. */
public record IntValue(long value, Span span) implements Value {
  @Override
  public String kind() {
    return "an integer";
  }
}
