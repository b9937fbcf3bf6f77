package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;
import java.util.List;
import java.util.stream.Collectors;

/** A string: literal text and {@code ${...}} interpolations, escapes already decoded. */
public record StringValue(List<Part> parts, Span span) implements Value {
  public StringValue {
    parts = List.copyOf(parts);
  }

  /** A piece of a string. */
  public sealed interface Part permits Text, Interpolation {}

  /** Literal text. */
  public record Text(String text) implements Part {}

  /** {@code ${reference}}. */
  public record Interpolation(Reference reference) implements Part {}

  /** Whether the string has no interpolation. */
  public boolean isPlain() {
    return parts.stream().allMatch(Text.class::isInstance);
  }

  /** The literal text with interpolations left out; the whole string when {@link #isPlain()}. */
  public String text() {
    return parts.stream()
        .filter(Text.class::isInstance)
        .map(p -> ((Text) p).text())
        .collect(Collectors.joining());
  }

  @Override
  public String kind() {
    return "a string";
  }
}
