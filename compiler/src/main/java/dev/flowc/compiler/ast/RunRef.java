package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/** {@code run.NAME}: a value of the run, known when a job is made; the name's span is NAME. */
public record RunRef(Name name, Span span) implements Reference {
  @Override
  public String kind() {
    return "a run value";
  }
}
