package dev.flowc.compiler.check;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The types a param can be declared with. */
public enum ParamType {
  STRING,
  INT,
  FLOAT,
  BOOL,
  DURATION,
  LIST,
  MAP,
  ANY;

  /** The type as written in a {@code .flow} file. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type written {@code text}, if there is one. */
  public static Optional<ParamType> parse(String text) {
    return Arrays.stream(values()).filter(t -> t.id().equals(text)).findFirst();
  }

  /** Every type's id, in declaration order. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(ParamType::id).toList();
  }

  /** {@code an int}, {@code a string}: for messages. */
  public String withArticle() {
    return (this == INT || this == ANY ? "an " : "a ") + id();
  }
}
