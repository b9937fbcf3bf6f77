package dev.flowc.dag;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON and YAML round trips of random version 2 plans ({@link RandomValues}), seeded. */
class PlanCodecPropertiesTest {
  private static final int CASES = 1_000;

  private static Plan randomPlan(RandomValues random) {
    List<JobSpec> jobs = new ArrayList<>();
    for (String stage : RandomValues.STAGES) {
      jobs.add(JobSpec.builder(stage, "h").input(random.plain(2)).build());
    }
    JobSpec.Builder last = JobSpec.builder("d", "h").dependsOn("a", "b", "c");
    boolean fansOut = random.chance(50);
    if (fansOut) {
      JsonNode over =
          random.chance(50)
              ? ResultRefs.result("a", random.path())
              : Values.escape(
                  com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                      .arrayNode()
                      .add(random.plain(2))
                      .add(random.plain(2)));
      last.each(
          new Each(
              over, "item", random.chance(50) ? "i" : null, 1 + random.nextInt(Each.MAX_ITEMS)));
    }
    if (random.chance(70)) {
      JsonNode when = random.tree(3, false);
      last.when(when);
      last.waitsForFinal(WhenTree.statesRead(when).toArray(String[]::new));
    }
    JsonNode input = random.irValue(3);
    if (!Version2Values.present(input) || random.chance(20)) {
      input = Values.run("id");
    }
    last.input(input);
    Map<String, JsonNode> metadata = new LinkedHashMap<>();
    metadata.put("m", random.plain(1));
    last.metadata(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(metadata));
    jobs.add(last.build());
    return new Plan("p", null, null, Map.of(), List.of(QueueSpec.defaultQueue()), jobs);
  }

  @Test
  void random_version_2_plans_read_back_equal_and_write_the_same_bytes() {
    int checked = 0;
    for (long seed = 0; seed < CASES; seed++) {
      RandomValues random = new RandomValues(seed);
      Plan plan;
      try {
        plan = randomPlan(random);
      } catch (InvalidPlanException e) {
        // $state or $item in an input, or $item without each: not a plan; the rules say so.
        continue;
      }
      checked++;
      String json = PlanCodec.toJson(plan);
      String yaml = PlanCodec.toYaml(plan);

      assertThat(json).as("seed %d", seed).startsWith("{\n  \"format\": \"flowc.ir/2\"");
      assertThat(PlanCodec.fromJson(json)).as("seed %d", seed).isEqualTo(plan);
      assertThat(PlanCodec.fromYaml(yaml)).as("seed %d", seed).isEqualTo(plan);
      assertThat(PlanCodec.toJson(PlanCodec.fromYaml(yaml))).as("seed %d", seed).isEqualTo(json);
    }
    assertThat(checked).isGreaterThan(CASES / 4);
  }
}
