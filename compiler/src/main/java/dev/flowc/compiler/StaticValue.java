package dev.flowc.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.compiler.source.Span;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A value as far as it is known when a file is checked, before any param value or stage result:
 * literals in full, params by their declared type, stage results not at all. Each part keeps its
 * span, so that a tool that knows more (the handler a value is for) can point at the part at fault.
 */
public sealed interface StaticValue {
  /** Where the value is written. */
  Span span();

  /**
   * A string, number, boolean or {@code null} written out; a duration is its milliseconds, as in
   * the IR.
   */
  record Scalar(JsonNode value, Span span) implements StaticValue {
    public Scalar {
      Objects.requireNonNull(value, "value");
      if (value.isContainerNode()) {
        throw new IllegalArgumentException("not a scalar: " + value);
      }
    }
  }

  /** A map, with its entries in source order (a duplicate key, FLOW105, included). */
  record ObjectValue(List<Field> fields, Span span) implements StaticValue {
    public ObjectValue {
      fields = List.copyOf(fields);
    }
  }

  /**
   * {@code key: value} in a map.
   *
   * @param key the key as the handler sees it
   * @param keySpan where the key is written
   */
  record Field(String key, Span keySpan, StaticValue value) {}

  /** A list. */
  record ArrayValue(List<StaticValue> items, Span span) implements StaticValue {
    public ArrayValue {
      items = List.copyOf(items);
    }
  }

  /**
   * {@code params.NAME} of a declared param: its value is known when a run is submitted, its type
   * now. A param's value may also be {@code null} when its default is.
   *
   * @param declaredType the type as written in {@code params}: {@code string}, {@code duration}...
   * @param type the JSON type of its values (a duration is an integer of milliseconds), or empty
   *     for {@code any}
   * @param declaration the param's name where it is declared
   * @param span the reference
   */
  record Param(
      String name, String declaredType, Optional<JsonType> type, Span declaration, Span span)
      implements StaticValue {}

  /**
   * A value not known until the pipeline runs: a stage's result, a string that interpolates, or a
   * value the checks rejected.
   *
   * @param what a few words for messages: {@code the result of 'extract'}
   * @param type its JSON type when that is known ({@link JsonType#STRING} for an interpolating
   *     string)
   */
  record Unknown(String what, Optional<JsonType> type, Span span) implements StaticValue {}
}
