package dev.flowc.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static Plan plan(List<QueueSpec> queues, JobSpec... jobs) {
    return new Plan("p", null, null, Map.of(), queues, List.of(jobs));
  }

  @Test
  void a_diamond_in_topological_order_is_a_valid_plan() {
    ObjectNode input = NODES.objectNode();
    input.set("a", ResultRefs.result("left", List.of()));
    input.set("b", ResultRefs.result("right", List.of("rows", 0)));
    Plan plan =
        plan(
            List.of(QueueSpec.defaultQueue()),
            JobSpec.builder("start", "h").build(),
            JobSpec.builder("left", "h").dependsOn("start").build(),
            JobSpec.builder("right", "h").dependsOn("start").build(),
            JobSpec.builder("join", "h").dependsOn("left", "right").input(input).build());

    assertThat(plan.jobs())
        .extracting(JobSpec::stage)
        .containsExactly("start", "left", "right", "join");
    assertThat(plan.job("join").dependsOn()).containsExactly("left", "right");
    assertThat(plan.job("missing")).isNull();
  }

  @Test
  void every_broken_rule_is_listed_in_one_exception() {
    assertThatThrownBy(
            () ->
                plan(
                    List.of(QueueSpec.defaultQueue(), QueueSpec.defaultQueue()),
                    JobSpec.builder("a", "h").queue("nowhere").dependsOn("b").build(),
                    JobSpec.builder("b", "h").dependsOn("b").build(),
                    JobSpec.builder("b", "h").build()))
        .isInstanceOfSatisfying(
            InvalidPlanException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "queue 'default' is declared twice",
                        "job 'a' uses queue 'nowhere', which is not declared",
                        "job 'a' depends on 'b', which is not an earlier job (jobs are listed in"
                            + " topological order)",
                        "job 'b' depends on itself",
                        "job 'b' is listed twice"));
  }

  @Test
  void an_input_may_only_use_results_of_its_dependencies() {
    ObjectNode input = NODES.objectNode();
    input.set(
        "x",
        ResultRefs.format(List.of(NODES.textNode("id="), ResultRefs.result("a", List.of("id")))));

    assertThatThrownBy(
            () ->
                plan(
                    List.of(QueueSpec.defaultQueue()),
                    JobSpec.builder("a", "h").build(),
                    JobSpec.builder("b", "h").input(input).build()))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessage("job 'b' uses the result of 'a' but does not depend on it");
  }

  @Test
  void job_settings_out_of_range_are_refused() {
    assertThatThrownBy(() -> JobSpec.builder("a", "h").retries(1001).build())
        .hasMessageContaining("retries 1001 is out of range 0..1000");
    assertThatThrownBy(() -> JobSpec.builder("a", "h").priority(-1001).build())
        .hasMessageContaining("priority -1001 is out of range -1000..1000");
    assertThatThrownBy(() -> JobSpec.builder("a", "h").timeoutMs(0L).build())
        .hasMessageContaining("timeout_ms must be positive");
    assertThatThrownBy(() -> JobSpec.builder("a", "").build())
        .hasMessageContaining("the handler must not be empty");
    assertThatThrownBy(() -> JobSpec.builder("a", "h").metadata(NODES.arrayNode()).build())
        .hasMessageContaining("metadata must be a JSON object");
    assertThatThrownBy(() -> new QueueSpec("q", 0)).hasMessageContaining("concurrency 0");
    assertThatThrownBy(() -> Backoff.exponential(2_000, 1_000))
        .hasMessageContaining("max_ms (1000) must not be less than base_ms (2000)");
    assertThatThrownBy(() -> new Backoff(Backoff.Kind.FIXED, 1_000, 2_000))
        .hasMessageContaining("fixed backoff has max_ms equal to base_ms");
  }

  @Test
  void a_plan_does_not_change_when_the_json_it_was_built_from_does() {
    ObjectNode input = NODES.objectNode().put("n", 1);
    JobSpec job = JobSpec.builder("a", "h").input(input).build();
    input.put("n", 2);

    assertThat(job.input().get("n").asInt()).isEqualTo(1);
  }

  @Test
  void missing_input_and_metadata_are_empty_objects() {
    JobSpec job = JobSpec.builder("a", "h").build();

    assertThat(job.input().isObject()).isTrue();
    assertThat(job.input().size()).isZero();
    assertThat(job.metadata().size()).isZero();
    assertThat(job.retries()).isEqualTo(3);
    assertThat(job.backoff()).isEqualTo(Backoff.exponential(1_000, 300_000));
  }
}
