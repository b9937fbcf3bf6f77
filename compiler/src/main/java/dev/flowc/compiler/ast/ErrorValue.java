package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/** Where a value could not be read; a diagnostic has already been reported for it. */
public record ErrorValue(Span span) implements Value {
  @Override
  public String kind() {
    return "an invalid value";
  }
}
