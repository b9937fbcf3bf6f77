package dev.flowc.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.compiler.ast.ParamDecl;
import dev.flowc.compiler.ast.ParamsBlock;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import dev.flowc.compiler.parse.FlowSourceParser;
import dev.flowc.compiler.parse.ParsedFile;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.ResultRefs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The param values a run recorded (typed JSON, as in the IR), written back as the text {@code
 * --param NAME=TEXT} takes, so that compiling the pipeline again with them gives the same values:
 * {@code resume --param} changes the params it is given and keeps the others.
 */
final class RecordedParams {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RecordedParams() {}

  /**
   * The recorded values of the params {@code source} declares, as text for their declared type. A
   * param the file no longer declares is left out, and so is a {@code null} that only the default
   * can give (a {@code null} of an {@code any} param is written {@code null}).
   */
  static Map<String, String> asText(JsonNode recorded, SourceFile source) {
    Map<String, String> texts = new LinkedHashMap<>();
    if (recorded == null || !recorded.isObject() || source.text().isEmpty()) {
      return texts;
    }
    ParsedFile parsed = FlowSourceParser.parse(source.text().get(), new DiagnosticSink());
    if (parsed.pipeline() == null) {
      return texts;
    }
    for (ParamsBlock block : parsed.pipeline().members(ParamsBlock.class)) {
      for (ParamDecl param : block.params()) {
        String name = param.name().text();
        JsonNode value = recorded.get(name);
        if (value == null || param.type() == null) {
          continue;
        }
        String text = text(param.type().text(), value);
        if (text != null) {
          texts.put(name, text);
        }
      }
    }
    return texts;
  }

  /** {@code value} as {@code --param} text for {@code type}, or {@code null} when it has none. */
  static String text(String type, JsonNode value) {
    if (value.isNull()) {
      return type.equals("any") ? "null" : null;
    }
    return switch (type) {
      case "string" -> value.asText();
      case "int", "bool" -> value.asText();
      case "float" -> value.decimalValue().toPlainString();
      // The IR holds a duration in milliseconds; --param wants a unit.
      case "duration" -> value.asLong() + "ms";
      // As written, before the IR escaped keys that start with '$'.
      case "list", "map", "any" -> unescapeKeys(value).toString();
      default -> null;
    };
  }

  private static JsonNode unescapeKeys(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = NODES.objectNode();
      node.properties()
          .forEach(e -> object.set(ResultRefs.unescapeKey(e.getKey()), unescapeKeys(e.getValue())));
      return object;
    }
    if (node.isArray()) {
      ArrayNode array = NODES.arrayNode();
      node.forEach(element -> array.add(unescapeKeys(element)));
      return array;
    }
    return node;
  }
}
