package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/**
 * A bare or dotted name used as a value: a queue name ({@code queue extract}) or a handler name
 * ({@code handler etl.normalize}). Anywhere else it is a mistake the checks explain.
 */
public record NameValue(String text, Span span) implements Value {
  /** Whether the name has no dots. */
  public boolean isSimple() {
    return text.indexOf('.') < 0;
  }

  @Override
  public String kind() {
    return "a bare name";
  }
}
