package dev.flowc.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.flowc.compiler.JsonType;
import dev.flowc.compiler.StaticValue;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import java.util.Optional;

/**
 * FLOW504: a value of the input that Jackson would not convert to the type the handler reads it as:
 * a string for an integer, a map for a list, a list for a record. The check asks Jackson: a value
 * it converts is fine even when its JSON type differs ({@code "500"} for an integer, as at run
 * time). A param is tried with a value of its declared type, except a {@code string} param, whose
 * content decides; a stage's result is not known and is not checked.
 */
final class InputTypeCheck {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A string value longer than this is called "a string" rather than quoted in a message. */
  private static final int MAX_QUOTED = 40;

  private final Verification verification;
  private final UnknownInputFieldCheck fieldsNote;

  InputTypeCheck(Verification verification, UnknownInputFieldCheck fieldsNote) {
    this.verification = verification;
    this.fieldsNote = fieldsNote;
  }

  /** Checks a value that is not a map read as a record or map, nor a list read as a list. */
  void check(InputSite site) {
    InputType type = site.type();
    if (type instanceof InputType.Any) {
      return;
    }
    StaticValue value = site.value();
    if (value instanceof StaticValue.Param param) {
      param.type().flatMap(t -> sampleOf(t, type)).ifPresent(s -> convert(site, s, param));
    } else if (value instanceof StaticValue.Unknown unknown) {
      unknown.type().flatMap(t -> sampleOf(t, type)).ifPresent(s -> convert(site, s, null));
    } else {
      convert(site, sample(value), null);
    }
  }

  private void convert(InputSite site, JsonNode sample, StaticValue.Param param) {
    Optional<String> failure = failure(sample, site.type());
    if (failure.isEmpty()) {
      return;
    }
    String takes = verification.describe(site.type());
    String message;
    if (!site.written()) {
      message =
          "'%s' takes %s as input, but stage '%s' has no input"
              .formatted(site.call().handler(), takes, site.call().stage());
    } else {
      String what =
          site.path().isRoot()
              ? "'%s' takes %s as input".formatted(site.call().handler(), takes)
              : "%s takes %s".formatted(site.where(), takes(site, sample, takes));
      message =
          param != null
              ? "%s, but param '%s' is declared as '%s'"
                  .formatted(what, param.name(), param.declaredType())
              : "%s, not %s".formatted(what, words(site.value(), sample, site.type()));
    }
    Diagnostic diagnostic =
        Diagnostic.of(
            DiagnosticCode.FLOW504,
            site.written() ? site.value().span() : site.call().stageSpan(),
            message);
    if (param != null) {
      diagnostic =
          diagnostic.withNote(
              Note.note(
                  "param '%s' is declared here".formatted(param.name()), param.declaration()));
    }
    if (site.type() instanceof InputType.Bean bean) {
      diagnostic = diagnostic.withNote(fieldsNote.fieldsNote(site, bean));
    } else if (isOpaque(site.type())) {
      diagnostic = diagnostic.withNote(Note.note("Jackson says: " + failure.get()));
    }
    verification.report(diagnostic);
  }

  /** What the type takes, with the range of a fixed-size integer the value is outside of. */
  private static String takes(InputSite site, JsonNode sample, String takes) {
    if (sample.isIntegralNumber()) {
      Class<?> raw = site.type().javaType().getRawClass();
      if (raw == int.class || raw == Integer.class) {
        return "an integer from %d to %d".formatted(Integer.MIN_VALUE, Integer.MAX_VALUE);
      }
      if (raw == short.class || raw == Short.class) {
        return "an integer from %d to %d".formatted(Short.MIN_VALUE, Short.MAX_VALUE);
      }
      if (raw == byte.class || raw == Byte.class) {
        return "an integer from %d to %d".formatted(Byte.MIN_VALUE, Byte.MAX_VALUE);
      }
    }
    return takes;
  }

  /** Types Jackson reads its own way, where its message is the best explanation. */
  private static boolean isOpaque(InputType type) {
    if (!(type instanceof InputType.Scalar scalar)) {
      return false;
    }
    LogicalType logical = scalar.logicalType();
    return logical == null
        || !(logical == LogicalType.Textual
            || logical == LogicalType.Integer
            || logical == LogicalType.Float
            || logical == LogicalType.Boolean
            || logical == LogicalType.Enum);
  }

  /** Jackson's reason for refusing {@code sample}, first line only, or empty when it converts. */
  private Optional<String> failure(JsonNode sample, InputType type) {
    try {
      verification.types().mapper().convertValue(sample, type.javaType());
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage()).strip();
      int newline = message.indexOf('\n');
      return Optional.of(newline < 0 ? message : message.substring(0, newline));
    }
  }

  /**
   * A value of a param's or an interpolation's JSON type to try, or empty when any value of it
   * might convert (a string's content decides), or when it fits the type's shape (any map for a
   * record, whose fields the value will fill, any list for a list).
   */
  private static Optional<JsonNode> sampleOf(JsonType json, InputType type) {
    return switch (json) {
      case STRING -> Optional.empty();
      case INTEGER -> Optional.of(NODES.numberNode(0));
      case FLOAT -> Optional.of(NODES.numberNode(0.5));
      case BOOLEAN -> Optional.of(NODES.booleanNode(true));
      case ARRAY ->
          type instanceof InputType.ListOf ? Optional.empty() : Optional.of(NODES.arrayNode());
      case OBJECT ->
          type instanceof InputType.Bean || type instanceof InputType.MapOf
              ? Optional.empty()
              : Optional.of(NODES.objectNode());
    };
  }

  /** The value as JSON, with what is not known yet as {@code null}, which Jackson accepts. */
  private static JsonNode sample(StaticValue value) {
    if (value instanceof StaticValue.Scalar scalar) {
      return scalar.value();
    }
    if (value instanceof StaticValue.ObjectValue object) {
      ObjectNode node = NODES.objectNode();
      object.fields().forEach(f -> node.set(f.key(), sample(f.value())));
      return node;
    }
    if (value instanceof StaticValue.ArrayValue array) {
      ArrayNode node = NODES.arrayNode();
      array.items().forEach(item -> node.add(sample(item)));
      return node;
    }
    return NODES.nullNode();
  }

  /** {@code a string}, or the value itself where the kind alone would not say what is wrong. */
  private String words(StaticValue value, JsonNode sample, InputType type) {
    if (value instanceof StaticValue.ObjectValue) {
      return "a map";
    }
    if (value instanceof StaticValue.ArrayValue) {
      return "a list";
    }
    boolean quoted = sample.isTextual() && sample.asText().length() <= MAX_QUOTED;
    if (type instanceof InputType.Scalar scalar
            && scalar.logicalType() == LogicalType.Enum
            && (quoted || sample.isIntegralNumber())
        || sample.isIntegralNumber() && verification.describe(type).startsWith("an integer")) {
      return sample.toString();
    }
    if (sample.isTextual()) {
      return "a string";
    }
    if (sample.isIntegralNumber()) {
      return "an integer";
    }
    if (sample.isNumber()) {
      return "a float";
    }
    if (sample.isBoolean()) {
      return "a boolean";
    }
    return "null";
  }
}
