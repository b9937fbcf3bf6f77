package dev.flowc.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanCodecTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static Plan etlLike() {
    Map<String, JsonNode> params = new LinkedHashMap<>();
    params.put("table", NODES.textNode("analytics.events"));
    params.put("timeout", NODES.numberNode(120_000L));
    ObjectNode loadInput = NODES.objectNode();
    loadInput.putArray("batches").add(ResultRefs.result("extract", List.of("rows", 0)));
    loadInput.put(ResultRefs.escapeKey("$literal"), "kept");
    return new Plan(
        "etl",
        "Extract and load",
        new Source("samples/etl/pipeline.flow", "ab12"),
        params,
        List.of(QueueSpec.defaultQueue(), new QueueSpec("load", 1)),
        List.of(
            JobSpec.builder("extract", "etl.extract")
                .retries(5)
                .backoff(Backoff.exponential(2_000, 300_000))
                .timeoutMs(120_000L)
                .metadata(NODES.objectNode().put("source", "api"))
                .build(),
            JobSpec.builder("load", "etl.load")
                .queue("load")
                .priority(10)
                .backoff(Backoff.fixed(500))
                .dependsOn("extract")
                .input(loadInput)
                .description("Load it")
                .build()));
  }

  @Test
  void json_has_the_keys_of_the_ir_in_order_and_ends_with_a_newline() {
    String json = PlanCodec.toJson(etlLike());

    assertThat(json)
        .startsWith("{\n  \"format\": \"flowc.ir/1\",\n  \"pipeline\": \"etl\",\n")
        .endsWith("}\n")
        .contains("\"timeout_ms\": 120000")
        .contains("\"depends_on\": []")
        .contains("\"kind\": \"fixed\"")
        .contains("\"$$literal\": \"kept\"")
        .contains("\"concurrency\": null");
    assertThat(json.indexOf("\"stage\"")).isLessThan(json.indexOf("\"handler\""));
    assertThat(json.indexOf("\"backoff\"")).isLessThan(json.indexOf("\"timeout_ms\""));
    assertThat(json.indexOf("\"depends_on\"")).isLessThan(json.indexOf("\"input\""));
  }

  @Test
  void every_key_is_written_even_when_null_so_that_reading_can_require_all() {
    String json = PlanCodec.toJson(etlLike());

    assertThat(json).contains("\"description\": null").contains("\"description\": \"Load it\"");
    String missing = json.replaceFirst(",\n      \"description\": null", "");
    assertThatThrownBy(() -> PlanCodec.fromJson(missing))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("description");
  }

  @Test
  void json_and_yaml_read_back_to_an_equal_plan_and_the_same_bytes() {
    Plan plan = etlLike();

    Plan fromJson = PlanCodec.fromJson(PlanCodec.toJson(plan));
    Plan fromYaml = PlanCodec.fromYaml(PlanCodec.toYaml(plan));

    assertThat(fromJson).isEqualTo(plan);
    assertThat(fromYaml).isEqualTo(plan);
    assertThat(PlanCodec.toJson(fromYaml)).isEqualTo(PlanCodec.toJson(plan));
    assertThat(PlanCodec.toYaml(fromJson)).isEqualTo(PlanCodec.toYaml(plan));
  }

  @Test
  void an_input_nested_1000_deep_with_a_result_reference_at_the_bottom_round_trips() {
    // The .flow language accepts 1,000 levels; in a plan they sit inside the job, and a result
    // reference adds levels of its own: past Jackson's default of 1,000 for a whole document.
    JsonNode input = ResultRefs.result("extract", List.of("rows", 0));
    for (int i = 0; i < 1_000; i++) {
      input = i % 2 == 0 ? NODES.arrayNode().add(input) : NODES.objectNode().set("a", input);
    }
    Plan plan =
        new Plan(
            "deep",
            null,
            new Source("deep.flow", "ab12"),
            Map.of(),
            List.of(QueueSpec.defaultQueue()),
            List.of(
                JobSpec.builder("extract", "h").build(),
                JobSpec.builder("load", "h").dependsOn("extract").input(input).build()));

    assertThat(PlanCodec.fromJson(PlanCodec.toJson(plan))).isEqualTo(plan);
    assertThat(PlanCodec.fromYaml(PlanCodec.toYaml(plan))).isEqualTo(plan);
  }

  @Test
  void yaml_quotes_strings_that_would_read_back_as_other_types() {
    Map<String, JsonNode> params = new LinkedHashMap<>();
    params.put("flag", NODES.textNode("true"));
    params.put("number", NODES.textNode("10"));
    Plan plan =
        new Plan(
            "p",
            null,
            null,
            params,
            List.of(QueueSpec.defaultQueue()),
            List.of(JobSpec.builder("a", "h").build()));

    Plan back = PlanCodec.fromYaml(PlanCodec.toYaml(plan));

    assertThat(back.params().get("flag").isTextual()).isTrue();
    assertThat(back.params().get("number").isTextual()).isTrue();
  }

  @Test
  void another_format_is_refused_with_the_format_this_version_reads() {
    String json = PlanCodec.toJson(etlLike()).replace("flowc.ir/1", "flowc.ir/3");

    assertThatThrownBy(() -> PlanCodec.fromJson(json))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessage(
            "unsupported plan format 'flowc.ir/3'; this version reads 'flowc.ir/1' and"
                + " 'flowc.ir/2'");
  }

  @Test
  void broken_documents_give_an_invalid_plan_exception() {
    assertThatThrownBy(() -> PlanCodec.fromJson("{")).isInstanceOf(InvalidPlanException.class);
    assertThatThrownBy(() -> PlanCodec.fromJson("[]"))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessage("a plan document is an object");
    String unknownKey = PlanCodec.toJson(etlLike()).replace("\"pipeline\"", "\"pipe\"");
    assertThatThrownBy(() -> PlanCodec.fromJson(unknownKey))
        .isInstanceOf(InvalidPlanException.class);
    String badRetries = PlanCodec.toJson(etlLike()).replace("\"retries\": 5", "\"retries\": 5000");
    assertThatThrownBy(() -> PlanCodec.fromJson(badRetries))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("retries 5000 is out of range");
    String badOrder =
        PlanCodec.toJson(etlLike())
            .replace(
                "\"depends_on\": [\n        \"extract\"\n      ]", "\"depends_on\": [\"nope\"]");
    assertThatThrownBy(() -> PlanCodec.fromJson(badOrder))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("job 'load' depends on 'nope'");
  }
}
