package dev.flowc.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanCodecSchedulesTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** etl with a rate on its load queue and two schedules. */
  static Plan scheduled() {
    Plan etl = PlanCodecTest.etlLike();
    Map<String, JsonNode> nightlyParams = new LinkedHashMap<>();
    nightlyParams.put("timeout", NODES.numberNode(5));
    nightlyParams.put("table", NODES.textNode("nightly.events"));
    return new Plan(
        etl.pipeline(),
        etl.description(),
        etl.source(),
        etl.params(),
        List.of(QueueSpec.defaultQueue(), new QueueSpec("load", 1, Rate.perSecond(10))),
        etl.jobs(),
        List.of(
            new Schedule(
                "nightly",
                "0 2 * * *",
                "Europe/Berlin",
                Schedule.Catchup.ALL,
                Schedule.Overlap.ALLOW,
                nightlyParams),
            Schedule.of("hourly_small", "15 * * * *")));
  }

  @Test
  void rates_and_schedules_make_the_plan_flowc_ir_2_and_are_written_as_the_ir_says() {
    ObjectNode tree = PlanCodec.toTree(scheduled());

    assertThat(tree.get("format").asText()).isEqualTo("flowc.ir/2");
    assertThat(fieldNames(tree)).endsWith("jobs", "schedules");
    assertThat(tree.get("queues").toString())
        .isEqualTo(
            "[{\"name\":\"default\",\"concurrency\":null},"
                + "{\"name\":\"load\",\"concurrency\":1,\"rate\":{\"limit\":10,\"period_ms\":1000}}]");
    assertThat(tree.get("schedules").toString())
        .isEqualTo(
            "[{\"name\":\"nightly\",\"cron\":\"0 2 * * *\",\"timezone\":\"Europe/Berlin\","
                + "\"catchup\":\"all\",\"overlap\":\"allow\","
                + "\"params\":{\"timeout\":5,\"table\":\"nightly.events\"}},"
                + "{\"name\":\"hourly_small\",\"cron\":\"15 * * * *\",\"timezone\":\"UTC\","
                + "\"catchup\":\"latest\",\"overlap\":\"skip\",\"params\":{}}]");
  }

  @Test
  void a_rate_alone_makes_the_plan_flowc_ir_2_and_a_schedule_alone_too() {
    Plan etl = PlanCodecTest.etlLike();
    Plan rated =
        new Plan(
            "etl",
            null,
            null,
            etl.params(),
            List.of(QueueSpec.defaultQueue(), new QueueSpec("load", null, Rate.perHour(3))),
            etl.jobs());
    Plan scheduledOnly =
        new Plan(
            "etl",
            null,
            null,
            etl.params(),
            etl.queues(),
            etl.jobs(),
            List.of(Schedule.of("daily", "@daily")));

    assertThat(rated.format()).isEqualTo(Plan.FORMAT_V2);
    assertThat(PlanCodec.toTree(rated).has("schedules")).isFalse();
    assertThat(scheduledOnly.format()).isEqualTo(Plan.FORMAT_V2);
    assertThat(PlanCodec.toTree(scheduledOnly).get("queues").toString()).doesNotContain("rate");
  }

  @Test
  void a_plan_without_rates_or_schedules_has_neither_key_and_stays_flowc_ir_1() {
    Plan etl = PlanCodecTest.etlLike();
    ObjectNode tree = PlanCodec.toTree(etl);

    assertThat(etl.format()).isEqualTo(Plan.FORMAT);
    assertThat(etl.schedules()).isEmpty();
    assertThat(tree.has("schedules")).isFalse();
    assertThat(tree.get("queues").toString()).doesNotContain("rate");
    assertThat(etl.withoutSchedules()).isEqualTo(etl);
  }

  @Test
  void json_and_yaml_read_back_to_an_equal_plan_and_the_same_bytes() {
    Plan plan = scheduled();
    String json = PlanCodec.toJson(plan);
    String yaml = PlanCodec.toYaml(plan);

    assertThat(PlanCodec.fromJson(json)).isEqualTo(plan);
    assertThat(PlanCodec.toJson(PlanCodec.fromJson(json))).isEqualTo(json);
    assertThat(PlanCodec.fromYaml(yaml)).isEqualTo(plan);
    assertThat(PlanCodec.toYaml(PlanCodec.fromYaml(yaml))).isEqualTo(yaml);
    assertThat(PlanCodec.fromJson(json).queues().get(1).rate())
        .isEqualTo(new Rate(10, Duration.ofSeconds(1)));
    assertThat(PlanCodec.fromJson(json).schedule("nightly").catchup())
        .isEqualTo(Schedule.Catchup.ALL);
  }

  @Test
  void a_schedule_read_without_its_optional_keys_gets_the_language_defaults() {
    String json =
        PlanCodec.toJson(scheduled())
            .replace(
                "\"timezone\": \"UTC\",\n      \"catchup\": \"latest\",\n"
                    + "      \"overlap\": \"skip\",\n      \"params\": {}\n",
                "")
            .replace("\"cron\": \"15 * * * *\",", "\"cron\": \"15 * * * *\"");
    assertThat(json).doesNotContain("\"UTC\"");

    assertThat(PlanCodec.fromJson(json)).isEqualTo(scheduled());
  }

  @Test
  void a_flowc_ir_1_document_with_a_rate_or_schedules_is_refused() {
    String json = PlanCodec.toJson(scheduled()).replace("flowc.ir/2", "flowc.ir/1");
    String onlyRate =
        PlanCodec.toJson(scheduled())
            .replace("flowc.ir/2", "flowc.ir/1")
            .replaceAll("(?s),\\s*\"schedules\".*\\]\\s*}", "\n}");

    assertThatThrownBy(() -> PlanCodec.fromJson(json))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("the key 'schedules' of 'flowc.ir/2'");
    assertThatThrownBy(() -> PlanCodec.fromJson(onlyRate))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("queue \"load\" has the key 'rate' of 'flowc.ir/2'");
  }

  @Test
  void bad_schedules_and_rates_in_a_document_are_refused_with_what_is_wrong() {
    String json = PlanCodec.toJson(scheduled());

    assertThatThrownBy(() -> PlanCodec.fromJson(json.replace("0 2 * * *", "0 25 * * *")))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("invalid cron expression '0 25 * * *'");
    assertThatThrownBy(() -> PlanCodec.fromJson(json.replace("Europe/Berlin", "Europe/Berln")))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("unknown time zone 'Europe/Berln'");
    assertThatThrownBy(() -> PlanCodec.fromJson(json.replace("\"all\"", "\"some\"")))
        .isInstanceOf(InvalidPlanException.class);
    assertThatThrownBy(
            () -> PlanCodec.fromJson(json.replace("\"period_ms\": 1000", "\"period_ms\": 2000")))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("rate period 2000 ms");
    assertThatThrownBy(() -> PlanCodec.fromJson(json.replace("\"limit\": 10", "\"limit\": 0")))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("rate limit 0 is out of range 1..1000000");
  }

  @Test
  void a_plan_refuses_duplicate_schedule_names_and_params_it_does_not_have() {
    Plan etl = PlanCodecTest.etlLike();

    assertThatThrownBy(
            () ->
                new Plan(
                    "etl",
                    null,
                    null,
                    etl.params(),
                    etl.queues(),
                    etl.jobs(),
                    List.of(
                        Schedule.of("nightly", "@daily"),
                        Schedule.of("nightly", "@hourly"),
                        new Schedule(
                            "other",
                            "@daily",
                            "UTC",
                            Schedule.Catchup.NONE,
                            Schedule.Overlap.SKIP,
                            Map.of("nope", NODES.numberNode(1))))))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("schedule 'nightly' is declared twice")
        .hasMessageContaining("schedule 'other' sets param 'nope', which the plan does not have");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
