package dev.flowc.compiler.ast;

/** A value as written in the source. */
public sealed interface Value extends Node
    permits StringValue,
        IntValue,
        FloatValue,
        DurationValue,
        RateValue,
        BoolValue,
        NullValue,
        ListValue,
        MapValue,
        Reference,
        NameValue,
        ErrorValue {

  /** A few words for messages: {@code a string}, {@code an integer}, {@code a map}. */
  String kind();
}
