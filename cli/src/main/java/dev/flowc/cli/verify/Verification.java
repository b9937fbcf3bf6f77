package dev.flowc.cli.verify;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the input checks share: the types, where diagnostics go, and words for messages. */
final class Verification {
  /** Field lists in notes stop after this many fields. */
  private static final int MAX_LISTED = 12;

  private final InputTypes types;
  private final DiagnosticSink sink;

  Verification(InputTypes types, DiagnosticSink sink) {
    this.types = types;
    this.sink = sink;
  }

  InputTypes types() {
    return types;
  }

  void report(Diagnostic diagnostic) {
    sink.report(diagnostic);
  }

  /**
   * What a type takes, with an article: {@code an integer}, {@code a map}, {@code one of "FAST",
   * "SLOW"}.
   */
  String describe(InputType type) {
    if (type instanceof InputType.Scalar scalar) {
      return words(scalar, true);
    }
    return "a " + container(type);
  }

  /** A field's type in a list of fields, without an article: {@code integer}, {@code map}. */
  String brief(JavaType javaType) {
    InputType type = types.of(javaType);
    return type instanceof InputType.Scalar scalar ? words(scalar, false) : container(type);
  }

  private static String container(InputType type) {
    if (type instanceof InputType.ListOf) {
      return "list";
    }
    return type instanceof InputType.Any ? "value of any type" : "map";
  }

  private static String words(InputType.Scalar scalar, boolean article) {
    LogicalType logical = scalar.logicalType();
    String other =
        article
            ? "a value of type '%s'".formatted(simpleName(scalar.javaType()))
            : simpleName(scalar.javaType());
    if (logical == null) {
      return other;
    }
    return switch (logical) {
      case Textual -> article ? "a string" : "string";
      case Integer -> article ? "an integer" : "integer";
      case Float -> article ? "a number" : "number";
      case Boolean -> article ? "a boolean" : "boolean";
      case Binary -> article ? "a base64 string" : "base64 string";
      case Enum -> (article ? "one of " : "") + enumConstants(scalar.javaType(), article);
      default -> other;
    };
  }

  /**
   * {@code ms (integer, required), name (string)}: the fields of a bean, at most {@value
   * #MAX_LISTED}.
   */
  String fields(InputType.Bean bean) {
    List<String> shown = new ArrayList<>();
    for (InputType.Property property : bean.properties()) {
      if (shown.size() == MAX_LISTED) {
        shown.add("and %d more".formatted(bean.properties().size() - MAX_LISTED));
        break;
      }
      shown.add(
          "%s (%s%s)"
              .formatted(
                  property.name(),
                  brief(property.type()),
                  property.required() ? ", required" : ""));
    }
    return String.join(", ", shown);
  }

  /** {@code Options}, or {@code Sleep.Input} for a nested class: the name without the package. */
  static String simpleName(JavaType type) {
    Class<?> raw = type.getRawClass();
    String name = raw.getName();
    int dot = name.lastIndexOf('.');
    return (dot < 0 ? name : name.substring(dot + 1)).replace('$', '.');
  }

  /** {@code "FAST", "SLOW"} after "one of", else {@code "FAST" or "SLOW"}. */
  private static String enumConstants(JavaType type, boolean afterOneOf) {
    Object[] constants = type.getRawClass().getEnumConstants();
    if (constants == null || constants.length == 0) {
      return simpleName(type);
    }
    List<String> names = new ArrayList<>();
    for (Object constant : constants) {
      names.add("\"" + ((Enum<?>) constant).name() + "\"");
    }
    if (afterOneOf || names.size() == 1) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }

  /** {@code 'a'}, {@code 'a' and 'b'}, {@code 'a', 'b' and 'c'}. */
  static String quotedList(List<String> items) {
    List<String> quoted = items.stream().map(i -> "'" + i + "'").toList();
    if (quoted.size() == 1) {
      return quoted.get(0);
    }
    return String.join(", ", quoted.subList(0, quoted.size() - 1))
        + " and "
        + quoted.get(quoted.size() - 1);
  }

  static String lowerFirst(String text) {
    return text.isEmpty()
        ? text
        : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
  }
}
