package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.BoolValue;
import dev.flowc.compiler.ast.DurationValue;
import dev.flowc.compiler.ast.FloatValue;
import dev.flowc.compiler.ast.IntValue;
import dev.flowc.compiler.ast.ListValue;
import dev.flowc.compiler.ast.MapValue;
import dev.flowc.compiler.ast.NullValue;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import java.util.Optional;

/** Which literal values fit which param type, and how to suggest a duration. */
final class TypeRules {
  private TypeRules() {}

  /** Whether a literal fits {@code type}; {@code null} fits every type. */
  static boolean fits(Value value, ParamType type) {
    return switch (type) {
      case ANY -> true;
      case STRING -> value instanceof StringValue || value instanceof NullValue;
      case INT -> value instanceof IntValue || value instanceof NullValue;
      case FLOAT ->
          value instanceof FloatValue || value instanceof IntValue || value instanceof NullValue;
      case BOOL -> value instanceof BoolValue || value instanceof NullValue;
      case DURATION -> value instanceof DurationValue || value instanceof NullValue;
      case LIST -> value instanceof ListValue || value instanceof NullValue;
      case MAP -> value instanceof MapValue || value instanceof NullValue;
    };
  }

  /**
   * The duration a bare number most likely meant: {@code 30} → {@code 30s}, {@code 1.5} → {@code
   * 1500ms}.
   */
  static Optional<String> durationFor(Value value) {
    if (value instanceof IntValue i) {
      return Optional.of(i.value() + "s");
    }
    if (value instanceof FloatValue f) {
      double millis = f.value() * 1000;
      if (millis == Math.rint(millis) && Math.abs(millis) < 1e15) {
        return Optional.of((long) millis + "ms");
      }
    }
    return Optional.empty();
  }

  /** Whether a string's text is a duration literal such as {@code 30s}. */
  static boolean looksLikeDuration(String text) {
    return text.matches("-?[0-9]+(_[0-9]+)*(ms|s|m|h|d)");
  }

  /** Whether a string's text is an integer literal. */
  static boolean looksLikeInteger(String text) {
    return text.matches("-?[0-9]+(_[0-9]+)*");
  }
}
