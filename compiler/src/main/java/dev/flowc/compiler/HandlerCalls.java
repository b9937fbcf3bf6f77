package dev.flowc.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowc.compiler.ast.BoolValue;
import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.DurationValue;
import dev.flowc.compiler.ast.FloatValue;
import dev.flowc.compiler.ast.IndexRef;
import dev.flowc.compiler.ast.IntValue;
import dev.flowc.compiler.ast.ItemRef;
import dev.flowc.compiler.ast.ListValue;
import dev.flowc.compiler.ast.MapValue;
import dev.flowc.compiler.ast.NullValue;
import dev.flowc.compiler.ast.ParamDecl;
import dev.flowc.compiler.ast.ParamRef;
import dev.flowc.compiler.ast.ResultRef;
import dev.flowc.compiler.ast.RunRef;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.ast.ValueDirective;
import dev.flowc.compiler.check.ParamType;
import dev.flowc.compiler.check.PipelineIndex;
import dev.flowc.compiler.check.StageSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The handler calls of a checked pipeline: each stage's handler and its input as known now. */
final class HandlerCalls {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final PipelineIndex index;
  // The stage whose input is being read, for its loop variables.
  private StageDecl stage;

  private HandlerCalls(PipelineIndex index) {
    this.index = index;
  }

  /**
   * One call for every stage (the first of a duplicate name) whose handler is readable, in
   * declaration order; none when the file has syntax errors, since what the parser skipped could be
   * a part of an input.
   */
  static List<HandlerCall> of(PipelineIndex index, boolean syntaxErrors) {
    if (syntaxErrors) {
      return List.of();
    }
    HandlerCalls calls = new HandlerCalls(index);
    List<HandlerCall> result = new ArrayList<>();
    for (StageDecl stage : index.stages().values()) {
      calls.call(stage).ifPresent(result::add);
    }
    return List.copyOf(result);
  }

  private Optional<HandlerCall> call(StageDecl stage) {
    Optional<String> handler = StageSettings.handler(stage);
    if (stage.incomplete() || handler.isEmpty()) {
      return Optional.empty();
    }
    Value handlerValue = value(stage.directive("handler").orElseThrow());
    this.stage = stage;
    Optional<StaticValue> input = stage.directive("input").map(d -> staticValue(value(d)));
    return Optional.of(
        new HandlerCall(
            stage.name().text(), stage.name().span(), handler.get(), handlerValue.span(), input));
  }

  private static Value value(Directive directive) {
    return ((ValueDirective) directive).value();
  }

  private StaticValue staticValue(Value value) {
    if (value instanceof StringValue string) {
      return string.isPlain()
          ? new StaticValue.Scalar(NODES.textNode(string.text()), string.span())
          : new StaticValue.Unknown(
              "a string that interpolates", Optional.of(JsonType.STRING), string.span());
    }
    if (value instanceof IntValue i) {
      return new StaticValue.Scalar(NODES.numberNode(i.value()), i.span());
    }
    if (value instanceof FloatValue f) {
      return new StaticValue.Scalar(NODES.numberNode(f.value()), f.span());
    }
    if (value instanceof DurationValue d) {
      return new StaticValue.Scalar(NODES.numberNode(d.millis()), d.span());
    }
    if (value instanceof BoolValue b) {
      return new StaticValue.Scalar(NODES.booleanNode(b.value()), b.span());
    }
    if (value instanceof NullValue n) {
      return new StaticValue.Scalar(NODES.nullNode(), n.span());
    }
    if (value instanceof ListValue list) {
      return new StaticValue.ArrayValue(
          list.items().stream().map(this::staticValue).toList(), list.span());
    }
    if (value instanceof MapValue map) {
      return new StaticValue.ObjectValue(
          map.entries().stream()
              .map(
                  e ->
                      new StaticValue.Field(e.key().text(), e.key().span(), staticValue(e.value())))
              .toList(),
          map.span());
    }
    if (value instanceof ParamRef ref) {
      return param(ref);
    }
    if (value instanceof ResultRef ref) {
      return new StaticValue.Unknown(
          "the result of '%s'".formatted(ref.stage().text()), Optional.empty(), ref.span());
    }
    if (value instanceof IndexRef ref) {
      return new StaticValue.Unknown(
          "the index '%s'".formatted(ref.var().text()), Optional.of(JsonType.INTEGER), ref.span());
    }
    if (value instanceof RunRef ref) {
      String name = ref.name().text();
      Optional<JsonType> type =
          switch (name) {
            case "id" -> Optional.of(JsonType.INTEGER);
            case "pipeline", "submitted_at" -> Optional.of(JsonType.STRING);
            default -> Optional.empty(); // scheduled_at and key may be null
          };
      return new StaticValue.Unknown("run." + name, type, ref.span());
    }
    if (value instanceof ItemRef ref) {
      return item(ref);
    }
    return new StaticValue.Unknown(value.kind(), Optional.empty(), value.span());
  }

  /**
   * The loop variable: of the type every element shares when the stage runs over a literal list of
   * scalars, else known only when the items are made.
   */
  private StaticValue item(ItemRef ref) {
    String what =
        ref.path().isEmpty()
            ? "the loop variable '%s'".formatted(ref.var().text())
            : "a field of the loop variable '%s'".formatted(ref.var().text());
    Optional<JsonType> type = Optional.empty();
    if (ref.path().isEmpty()
        && stage.forClause() != null
        && stage.forClause().list() instanceof ListValue list
        && !list.items().isEmpty()) {
      type = elementType(list);
    }
    return new StaticValue.Unknown(what, type, ref.span());
  }

  private Optional<JsonType> elementType(ListValue list) {
    JsonType shared = null;
    for (Value item : list.items()) {
      StaticValue element = staticValue(item);
      if (!(element instanceof StaticValue.Scalar scalar) || scalar.value().isNull()) {
        return Optional.empty();
      }
      JsonNode node = scalar.value();
      JsonType type =
          node.isTextual()
              ? JsonType.STRING
              : node.isIntegralNumber()
                  ? JsonType.INTEGER
                  : node.isNumber() ? JsonType.FLOAT : JsonType.BOOLEAN;
      if (shared != null && shared != type) {
        return Optional.empty();
      }
      shared = type;
    }
    return Optional.ofNullable(shared);
  }

  private StaticValue param(ParamRef ref) {
    String name = ref.name().text();
    ParamDecl declaration = index.params().get(name);
    Optional<ParamType> type = index.paramType(name);
    if (declaration == null || type.isEmpty()) {
      return new StaticValue.Unknown("param '%s'".formatted(name), Optional.empty(), ref.span());
    }
    return new StaticValue.Param(
        name, type.get().id(), jsonType(type.get()), declaration.name().span(), ref.span());
  }

  private static Optional<JsonType> jsonType(ParamType type) {
    return switch (type) {
      case STRING -> Optional.of(JsonType.STRING);
      case INT, DURATION -> Optional.of(JsonType.INTEGER);
      case FLOAT -> Optional.of(JsonType.FLOAT);
      case BOOL -> Optional.of(JsonType.BOOLEAN);
      case LIST -> Optional.of(JsonType.ARRAY);
      case MAP -> Optional.of(JsonType.OBJECT);
      case ANY -> Optional.empty();
    };
  }
}
