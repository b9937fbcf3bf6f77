package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/** {@code STAGE.state}: how another stage ended; only in {@code when}. */
public record StateRef(Name stage, Span span) implements Reference {
  @Override
  public String kind() {
    return "a stage state";
  }
}
