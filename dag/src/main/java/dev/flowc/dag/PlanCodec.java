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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes plans in the {@code flowc.ir/1} and {@code flowc.ir/2} formats, as JSON or YAML.
 *
 * <p>A plan is written in the format {@link Plan#format()} says: {@code flowc.ir/1}, byte for byte
 * as before version 2 existed, unless a job uses a version 2 feature, a queue has a rate or the
 * plan has schedules. The version 2 keys of a job ({@code waits_for_final}, {@code each}, {@code
 * when}) are written only when used, after {@code depends_on}; a queue's {@code rate} only when it
 * has one; the top-level {@code schedules} list, after {@code jobs}, only when not empty. Reading
 * accepts them absent. A {@code flowc.ir/1} document that holds them is refused.
 *
 * <p>Output is deterministic: the same plan always gives the same bytes. JSON is indented by two
 * spaces, one value per line, and ends with a newline.
 */
public final class PlanCodec {
  private static final String FORMAT_KEY = "format";
  private static final String JOBS_KEY = "jobs";
  private static final String EACH_KEY = "each";
  private static final String WHEN_KEY = "when";
  private static final String WAITS_KEY = "waits_for_final";
  private static final String DEPENDS_KEY = "depends_on";
  private static final String QUEUES_KEY = "queues";
  private static final String RATE_KEY = "rate";
  private static final String SCHEDULES_KEY = "schedules";

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
    tree.put(FORMAT_KEY, plan.format());
    tree.setAll((ObjectNode) JSON.valueToTree(plan));
    JsonNode jobs = tree.get(JOBS_KEY);
    for (int i = 0; i < jobs.size(); i++) {
      ((ArrayNode) jobs).set(i, withVersion2KeysPlaced((ObjectNode) jobs.get(i)));
    }
    if (plan.schedules().isEmpty()) {
      tree.remove(SCHEDULES_KEY);
    }
    return tree;
  }

  /**
   * The job's tree without its unused version 2 keys, and the used ones right after {@code
   * depends_on} (the record lists them last, to keep its version 1 constructor's order).
   */
  private static ObjectNode withVersion2KeysPlaced(ObjectNode job) {
    JsonNode each = job.remove(EACH_KEY);
    JsonNode when = job.remove(WHEN_KEY);
    JsonNode waits = job.remove(WAITS_KEY);
    boolean used =
        (each != null && !each.isNull())
            || (when != null && !when.isNull())
            || (waits != null && !waits.isEmpty());
    if (!used) {
      return job;
    }
    ObjectNode placed = JSON.createObjectNode();
    for (Map.Entry<String, JsonNode> field : job.properties()) {
      placed.set(field.getKey(), field.getValue());
      if (field.getKey().equals(DEPENDS_KEY)) {
        if (waits != null && !waits.isEmpty()) {
          placed.set(WAITS_KEY, waits);
        }
        if (each != null && !each.isNull()) {
          placed.set(EACH_KEY, each);
        }
        if (when != null && !when.isNull()) {
          placed.set(WHEN_KEY, when);
        }
      }
    }
    return placed;
  }

  /**
   * Reads a plan from JSON.
   *
   * @throws InvalidPlanException when the text is not a valid {@code flowc.ir/1} or {@code
   *     flowc.ir/2} plan
   */
  public static Plan fromJson(String json) {
    return read(JSON, json);
  }

  /**
   * Reads a plan from YAML.
   *
   * @throws InvalidPlanException when the text is not a valid {@code flowc.ir/1} or {@code
   *     flowc.ir/2} plan
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
    boolean version2 = format != null && Plan.FORMAT_V2.equals(format.asText());
    if (format == null || !(version2 || Plan.FORMAT.equals(format.asText()))) {
      throw new InvalidPlanException(
          List.of(
              "unsupported plan format %s; this version reads '%s' and '%s'"
                  .formatted(
                      format == null ? "(none)" : "'" + format.asText() + "'",
                      Plan.FORMAT,
                      Plan.FORMAT_V2)));
    }
    if (!version2 && object.has(SCHEDULES_KEY)) {
      throw new InvalidPlanException(
          List.of(
              "the plan has the key '%s' of '%s', but says '%s'"
                  .formatted(SCHEDULES_KEY, Plan.FORMAT_V2, Plan.FORMAT)));
    }
    if (object.get(SCHEDULES_KEY) instanceof ArrayNode schedules) {
      for (JsonNode schedule : schedules) {
        if (schedule instanceof ObjectNode fields) {
          // Absent means the language's defaults.
          fields.putIfAbsent("timezone", fields.textNode(Schedule.DEFAULT_TIMEZONE));
          fields.putIfAbsent("catchup", fields.textNode(Schedule.Catchup.LATEST.id()));
          fields.putIfAbsent("overlap", fields.textNode(Schedule.Overlap.SKIP.id()));
          fields.putIfAbsent("params", fields.objectNode());
        }
      }
    } else {
      object.putIfAbsent(SCHEDULES_KEY, object.arrayNode());
    }
    if (object.get(QUEUES_KEY) instanceof ArrayNode queues) {
      for (JsonNode queue : queues) {
        if (queue instanceof ObjectNode fields) {
          if (!version2 && fields.has(RATE_KEY)) {
            throw new InvalidPlanException(
                List.of(
                    "queue %s has the key '%s' of '%s', but the plan says '%s'"
                        .formatted(fields.path("name"), RATE_KEY, Plan.FORMAT_V2, Plan.FORMAT)));
          }
          fields.putIfAbsent(RATE_KEY, fields.nullNode());
        }
      }
    }
    if (object.get(JOBS_KEY) instanceof ArrayNode jobs) {
      for (JsonNode job : jobs) {
        if (job instanceof ObjectNode fields) {
          if (!version2) {
            for (String key : List.of(EACH_KEY, WHEN_KEY, WAITS_KEY)) {
              if (fields.has(key)) {
                throw new InvalidPlanException(
                    List.of(
                        "job %s has the key '%s' of '%s', but the plan says '%s'"
                            .formatted(fields.path("stage"), key, Plan.FORMAT_V2, Plan.FORMAT)));
              }
            }
          }
          // Absent means unused: the record still wants every creator property.
          fields.putIfAbsent(EACH_KEY, fields.nullNode());
          fields.putIfAbsent(WHEN_KEY, fields.nullNode());
          fields.putIfAbsent(WAITS_KEY, fields.arrayNode());
        }
      }
    }
    Plan plan;
    try {
      plan = mapper.treeToValue(object, Plan.class);
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
    if (!version2 && !plan.format().equals(Plan.FORMAT)) {
      throw new InvalidPlanException(
          List.of(
              "the plan uses run, item or state values of '%s', but says '%s'"
                  .formatted(Plan.FORMAT_V2, Plan.FORMAT)));
    }
    return plan;
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
