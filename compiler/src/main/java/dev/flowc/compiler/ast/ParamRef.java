package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/** {@code params.NAME}; the name's span is the name after {@code params.}. */
public record ParamRef(Name name, Span span) implements Reference {
  @Override
  public String kind() {
    return "a param reference";
  }
}
