package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/** A float, with its text as written. */
public record FloatValue(double value, String text, Span span) implements Value {
  @Override
  public String kind() {
    return "a float";
  }
}
