package dev.flowc.dag;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;

/**
 * Reads and writes plans in the {@code flowc.ir/1} format, as JSON or YAML.
 *
 * <p>Output is deterministic: the same plan always gives the same bytes. JSON is indented by two
 * spaces, one value per line, and ends with a newline.
 */
public final class PlanCodec {
  private static final String FORMAT_KEY = "format";

  /**
   * How deep a plan document may nest. A {@code .flow} value nests up to 1,000 levels (Jackson's
   * own default for a whole document); in a plan it sits a few levels down, inside the job, and a
   * result reference in it adds a few more.
   */
  static final int MAX_DEPTH = 1_100;

  private static final StreamReadConstraints READ_LIMITS =
      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build();
  private static final StreamWriteConstraints WRITE_LIMITS =
      StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build();

  private static final ObjectMapper JSON =
      configure(
          JsonMapper.builder(
                  JsonFactory.builder()
                      .streamReadConstraints(READ_LIMITS)
                      .streamWriteConstraints(WRITE_LIMITS)
                      .build())
              .build());
  private static final ObjectMapper YAML =
      configure(
          YAMLMapper.builder(
                  YAMLFactory.builder()
                      .streamReadConstraints(READ_LIMITS)
                      .streamWriteConstraints(WRITE_LIMITS)
                      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                      .build())
              .build());

  private PlanCodec() {}

  private static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
  }

  /** The plan as pretty-printed JSON, ending with a newline. */
  public static String toJson(Plan plan) {
    try {
      return JSON.writer(prettyPrinter()).writeValueAsString(toTree(plan)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a plan always serializes", e);
    }
  }

  /** The plan as YAML. */
  public static String toYaml(Plan plan) {
    try {
      return YAML.writeValueAsString(toTree(plan));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a plan always serializes", e);
    }
  }

  /** The plan as a JSON tree, {@code format} first. */
  public static ObjectNode toTree(Plan plan) {
    ObjectNode tree = JSON.createObjectNode();
    tree.put(FORMAT_KEY, Plan.FORMAT);
    tree.setAll((ObjectNode) JSON.valueToTree(plan));
    return tree;
  }

  /**
   * Reads a plan from JSON.
   *
   * @throws InvalidPlanException when the text is not a valid {@code flowc.ir/1} plan
   */
  public static Plan fromJson(String json) {
    return read(JSON, json);
  }

  /**
   * Reads a plan from YAML.
   *
   * @throws InvalidPlanException when the text is not a valid {@code flowc.ir/1} plan
   */
  public static Plan fromYaml(String yaml) {
    return read(YAML, yaml);
  }

  private static Plan read(ObjectMapper mapper, String text) {
    JsonNode tree;
    try {
      tree = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidPlanException("not a plan document: " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidPlanException(List.of("a plan document is an object"));
    }
    ObjectNode object = (ObjectNode) tree;
    JsonNode format = object.remove(FORMAT_KEY);
    if (format == null || !Plan.FORMAT.equals(format.asText())) {
      throw new InvalidPlanException(
          List.of(
              "unsupported plan format %s; this version reads '%s'"
                  .formatted(
                      format == null ? "(none)" : "'" + format.asText() + "'", Plan.FORMAT)));
    }
    try {
      return mapper.treeToValue(object, Plan.class);
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof InvalidPlanException invalid) {
        throw invalid;
      }
      String message =
          e.getCause() instanceof IllegalArgumentException cause
              ? cause.getMessage()
              : e.getOriginalMessage();
      throw new InvalidPlanException("invalid plan: " + message, e);
    }
  }

  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""));
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    return printer;
  }
}
