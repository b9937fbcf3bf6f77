package dev.flowc.compiler.lower;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowc.compiler.ast.ParamDecl;
import dev.flowc.compiler.check.ParamType;
import dev.flowc.compiler.check.PipelineIndex;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Suggestions;
import dev.flowc.compiler.parse.Literals;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Gives every param its value for one compilation: the one given (parsed by the declared type,
 * FLOW306 when it does not fit), else the default, else FLOW305. A value given for a param that
 * does not exist is FLOW203.
 */
final class ParamBinder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private ParamBinder() {}

  /**
   * The bound params in declaration order; problems go to {@code sink}.
   *
   * @param fixed values that take the place of given ones and of defaults: a schedule's params,
   *     checked already
   */
  static Map<String, BoundParam> bind(
      PipelineIndex index,
      Map<String, String> given,
      Map<String, JsonNode> fixed,
      DiagnosticSink sink) {
    Map<String, ParamDecl> declared = index.params();
    for (String name : given.keySet()) {
      if (!declared.containsKey(name)) {
        Diagnostic diagnostic =
            Diagnostic.of(
                DiagnosticCode.FLOW203,
                index.pipeline().name().span(),
                "unknown param '%s' given a value (--param %s=...)".formatted(name, name));
        sink.report(
            Suggestions.didYouMean(name, declared.keySet())
                .map(diagnostic::withNote)
                .orElse(
                    diagnostic.withNote(
                        Note.note(
                            declared.isEmpty()
                                ? "pipeline '%s' declares no params"
                                    .formatted(index.pipeline().name().text())
                                : "its params are " + String.join(", ", declared.keySet())))));
      }
    }
    Map<String, BoundParam> bound = new LinkedHashMap<>();
    for (ParamDecl param : declared.values()) {
      String name = param.name().text();
      ParamType type = ParamType.parse(param.type().text()).orElseThrow();
      if (fixed.containsKey(name)) {
        bound.put(name, new BoundParam(name, type, fixed.get(name)));
      } else if (given.containsKey(name)) {
        JsonNode value = parse(type, given.get(name));
        if (value == null) {
          sink.report(
              DiagnosticCode.FLOW306,
              param.name().span(),
              "param '%s' is %s, but the value given, '%s', is not"
                  .formatted(name, type.withArticle(), abbreviate(given.get(name))),
              Note.help(help(type, name, given.get(name))));
          continue;
        }
        bound.put(name, new BoundParam(name, type, value));
      } else if (param.defaultValue() != null) {
        bound.put(name, new BoundParam(name, type, ValueEncoder.constant(param.defaultValue())));
      } else {
        sink.report(
            DiagnosticCode.FLOW305,
            param.name().span(),
            "param '%s' has no default and was not given a value".formatted(name),
            Note.help("pass --param %s=VALUE".formatted(name)));
      }
    }
    return bound;
  }

  /** The value of {@code text} as {@code type}, or {@code null} when it is not one. */
  static JsonNode parse(ParamType type, String text) {
    switch (type) {
      case STRING:
        return NODES.textNode(text);
      case INT:
        {
          OptionalLong value = Literals.parseInteger(text.strip());
          return value.isPresent() ? NODES.numberNode(value.getAsLong()) : null;
        }
      case FLOAT:
        {
          String number = text.strip();
          if (!Literals.isNumber(number)) {
            return null;
          }
          double value = Double.parseDouble(number.replace("_", ""));
          return Double.isFinite(value) ? NODES.numberNode(value) : null;
        }
      case BOOL:
        return switch (text.strip()) {
          case "true" -> NODES.booleanNode(true);
          case "false" -> NODES.booleanNode(false);
          default -> null;
        };
      case DURATION:
        {
          OptionalLong millis = Literals.parseDuration(text.strip());
          return millis.isPresent() ? NODES.numberNode(millis.getAsLong()) : null;
        }
      case LIST:
        {
          JsonNode json = json(text);
          return json != null && json.isArray() ? ValueEncoder.escapeKeys(json) : null;
        }
      case MAP:
        {
          JsonNode json = json(text);
          return json != null && json.isObject() ? ValueEncoder.escapeKeys(json) : null;
        }
      case ANY:
        {
          JsonNode json = json(text);
          return json == null ? NODES.textNode(text) : ValueEncoder.escapeKeys(json);
        }
      default:
        throw new IllegalStateException("unknown type " + type);
    }
  }

  private static JsonNode json(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String help(ParamType type, String name, String given) {
    if (type == ParamType.DURATION && Literals.parseInteger(given.strip()).isPresent()) {
      return "did you mean --param %s=%ss? (a duration needs a unit: ms, s, m, h or d)"
          .formatted(name, given.strip());
    }
    return example(type, name);
  }

  private static String example(ParamType type, String name) {
    String value =
        switch (type) {
          case INT -> "42";
          case FLOAT -> "0.5";
          case BOOL -> "true";
          case DURATION -> "30s";
          case LIST -> "'[\"a\", \"b\"]'";
          case MAP -> "'{\"key\": \"value\"}'";
          default -> "text";
        };
    String kind =
        switch (type) {
          case LIST -> " (a JSON array)";
          case MAP -> " (a JSON object)";
          case DURATION -> " (a whole number and a unit: ms, s, m, h or d)";
          default -> "";
        };
    return "for example --param %s=%s%s".formatted(name, value, kind);
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }
}
