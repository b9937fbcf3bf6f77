package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/** A duration such as {@code 30s}, in milliseconds, with its text as written. */
public record DurationValue(long millis, String text, Span span) implements Value {
  @Override
  public String kind() {
    return "a duration";
  }
}
