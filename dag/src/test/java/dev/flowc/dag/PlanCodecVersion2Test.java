package dev.flowc.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanCodecVersion2Test {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** list_files -> normalize (for file in list_files.result.files) -> load (when) -> alert. */
  static Plan fanOutPlan() {
    ObjectNode normalizeInput = NODES.objectNode();
    normalizeInput.set("path", Values.item(List.of("path")));
    normalizeInput.set("index", Values.index());
    normalizeInput.put("schema", "v2");
    ObjectNode loadInput = NODES.objectNode();
    loadInput.set("batches", ResultRefs.result("normalize", List.of()));
    loadInput.set("run", Values.run("id"));
    return new Plan(
        "etl",
        null,
        new Source("etl.flow", "ab12"),
        Map.of(),
        List.of(QueueSpec.defaultQueue()),
        List.of(
            JobSpec.builder("list_files", "files.list").build(),
            JobSpec.builder("normalize", "etl.normalize")
                .dependsOn("list_files")
                .each(
                    new Each(
                        ResultRefs.result("list_files", List.of("files")), "file", "i", 10_000))
                .input(normalizeInput)
                .metadata(NODES.objectNode().set("file", Values.item(List.of("path"))))
                .build(),
            JobSpec.builder("load", "etl.load")
                .dependsOn("normalize")
                .when(
                    WhenTree.op(
                        ">",
                        WhenTree.op("len", ResultRefs.result("normalize", List.of())),
                        NODES.numberNode(0)))
                .input(loadInput)
                .build(),
            JobSpec.builder("alert", "ops.page")
                .dependsOn("load")
                .waitsForFinal("load")
                .when(WhenTree.op("!=", Values.state("load"), NODES.textNode("complete")))
                .build()));
  }

  @Test
  void a_plan_using_a_version_2_feature_is_written_as_flowc_ir_2() {
    String json = PlanCodec.toJson(fanOutPlan());

    assertThat(json).startsWith("{\n  \"format\": \"flowc.ir/2\",\n");
    assertThat(PlanCodecTest.etlLike().format()).isEqualTo("flowc.ir/1");
  }

  @Test
  void version_2_keys_follow_depends_on_and_are_absent_when_unused() {
    ObjectNode tree = PlanCodec.toTree(fanOutPlan());
    JsonNode listFiles = tree.get("jobs").get(0);
    JsonNode normalize = tree.get("jobs").get(1);
    JsonNode alert = tree.get("jobs").get(3);

    assertThat(listFiles.has("each")).isFalse();
    assertThat(listFiles.has("when")).isFalse();
    assertThat(listFiles.has("waits_for_final")).isFalse();
    assertThat(fieldNames(normalize))
        .containsSubsequence("depends_on", "each", "input", "metadata", "description");
    assertThat(fieldNames(alert)).containsSubsequence("depends_on", "waits_for_final", "when");
    assertThat(normalize.get("each").toString())
        .isEqualTo(
            "{\"over\":{\"$result\":\"list_files\",\"path\":[\"files\"]},\"var\":\"file\","
                + "\"index_var\":\"i\",\"max_items\":10000}");
    assertThat(normalize.get("input").get("path").toString()).isEqualTo("{\"$item\":[\"path\"]}");
    assertThat(normalize.get("input").get("index").toString()).isEqualTo("{\"$index\":true}");
    assertThat(alert.get("when").toString())
        .isEqualTo("{\"op\":\"!=\",\"args\":[{\"$state\":\"load\"},\"complete\"]}");
  }

  @Test
  void a_version_2_plan_reads_back_equal_in_json_and_yaml_with_the_same_bytes() {
    Plan plan = fanOutPlan();

    Plan fromJson = PlanCodec.fromJson(PlanCodec.toJson(plan));
    Plan fromYaml = PlanCodec.fromYaml(PlanCodec.toYaml(plan));

    assertThat(fromJson).isEqualTo(plan);
    assertThat(fromYaml).isEqualTo(plan);
    assertThat(PlanCodec.toJson(fromYaml)).isEqualTo(PlanCodec.toJson(plan));
  }

  @Test
  void a_version_1_plan_is_written_without_any_version_2_key() {
    String json = PlanCodec.toJson(PlanCodecTest.etlLike());

    assertThat(json)
        .startsWith("{\n  \"format\": \"flowc.ir/1\",")
        .doesNotContain("each")
        .doesNotContain("\"when\"")
        .doesNotContain("waits_for_final");
  }

  @Test
  void a_run_value_alone_makes_a_plan_version_2() {
    Plan plan =
        new Plan(
            "p",
            null,
            null,
            Map.of(),
            List.of(QueueSpec.defaultQueue()),
            List.of(
                JobSpec.builder("a", "h")
                    .metadata(NODES.objectNode().set("run", Values.run("id")))
                    .build()));

    assertThat(plan.format()).isEqualTo("flowc.ir/2");
    assertThat(PlanCodec.fromJson(PlanCodec.toJson(plan))).isEqualTo(plan);
  }

  @Test
  void a_flowc_ir_1_document_with_a_version_2_key_is_refused() {
    String json = PlanCodec.toJson(fanOutPlan()).replace("flowc.ir/2", "flowc.ir/1");

    assertThatThrownBy(() -> PlanCodec.fromJson(json))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("job \"normalize\" has the key 'each' of 'flowc.ir/2'");
  }

  @Test
  void a_flowc_ir_1_document_with_a_run_value_is_refused() {
    Plan plan =
        new Plan(
            "p",
            null,
            null,
            Map.of(),
            List.of(QueueSpec.defaultQueue()),
            List.of(JobSpec.builder("a", "h").input(Values.run("id")).build()));
    String json = PlanCodec.toJson(plan).replace("flowc.ir/2", "flowc.ir/1");

    assertThatThrownBy(() -> PlanCodec.fromJson(json))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("says 'flowc.ir/1'");
  }

  @Test
  void a_flowc_ir_2_document_without_version_2_features_reads_as_a_plan() {
    String json = PlanCodec.toJson(PlanCodecTest.etlLike()).replace("flowc.ir/1", "flowc.ir/2");

    assertThat(PlanCodec.fromJson(json)).isEqualTo(PlanCodecTest.etlLike());
  }

  @Test
  void an_each_must_have_every_key() {
    String json = PlanCodec.toJson(fanOutPlan()).replace(",\n        \"max_items\": 10000", "");

    assertThatThrownBy(() -> PlanCodec.fromJson(json))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("max_items");
  }

  @Test
  void a_malformed_when_is_refused_with_the_job_named() {
    String json = PlanCodec.toJson(fanOutPlan()).replace("\"op\": \"!=\"", "\"op\": \"<>\"");

    assertThatThrownBy(() -> PlanCodec.fromJson(json))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("job 'alert': when: unknown operator '<>'");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
