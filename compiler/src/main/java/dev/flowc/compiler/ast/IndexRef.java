package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/** The index variable of the stage's {@code for INDEX, VAR in LIST}: the item's 0-based index. */
public record IndexRef(Name var, Span span) implements Reference {
  @Override
  public String kind() {
    return "the index variable";
  }
}
