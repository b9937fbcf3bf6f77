package dev.flowc.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanVersion2RulesTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static Plan plan(JobSpec... jobs) {
    return new Plan("p", null, null, Map.of(), List.of(QueueSpec.defaultQueue()), List.of(jobs));
  }

  @Test
  void every_misplaced_version_2_leaf_is_listed_in_one_exception() {
    assertThatThrownBy(
            () ->
                plan(
                    JobSpec.builder("a", "h").build(),
                    JobSpec.builder("b", "h")
                        .each(Each.over(ResultRefs.result("a", List.of()), "x"))
                        .when(WhenTree.op("==", Values.state("a"), NODES.textNode("dead")))
                        .input(NODES.objectNode().set("s", Values.state("a")))
                        .metadata(NODES.objectNode().set("r", Values.run("nope")))
                        .waitsForFinal("a")
                        .build(),
                    JobSpec.builder("c", "h").input(Values.item(List.of())).build()))
        .isInstanceOfSatisfying(
            InvalidPlanException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "job 'b' fans out over the result of 'a' but does not depend on it",
                        "job 'b' waits for 'a' to be final but does not depend on it",
                        "job 'b' reads a stage's $state outside its when",
                        "job 'b' reads run value 'nope'; the run values are [id, pipeline,"
                            + " submitted_at, scheduled_at, key]",
                        "job 'c' reads $item or $index but does not fan out (no each)"));
  }

  @Test
  void a_when_must_depend_on_the_results_it_reads_and_wait_for_the_states_it_reads() {
    assertThatThrownBy(
            () ->
                plan(
                    JobSpec.builder("a", "h").build(),
                    JobSpec.builder("b", "h")
                        .dependsOn("a")
                        .when(
                            WhenTree.op(
                                "&&",
                                WhenTree.op("==", Values.state("a"), NODES.textNode("dead")),
                                ResultRefs.result("z", List.of())))
                        .build()))
        .isInstanceOfSatisfying(
            InvalidPlanException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "job 'b': its when reads the result of 'z' but it does not depend on it",
                        "job 'b': its when reads the state of 'a', which is not in"
                            + " waits_for_final"));
  }

  @Test
  void a_well_formed_version_2_plan_is_valid_and_says_flowc_ir_2() {
    Plan plan = PlanCodecVersion2Test.fanOutPlan();

    assertThat(plan.format()).isEqualTo(Plan.FORMAT_V2);
    assertThat(plan.job("alert").waitsForFinal()).containsExactly("load");
    assertThat(plan.job("normalize").each().sourceStage()).isEqualTo("list_files");
  }

  @Test
  void an_each_over_something_else_than_a_list_or_a_result_is_refused() {
    assertThatThrownBy(() -> Each.over(NODES.textNode("a,b"), "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("each.over must be a list or a $result reference, not STRING");
    assertThatThrownBy(() -> new Each(NODES.arrayNode(), "x", null, 0))
        .hasMessage("each.max_items 0 is out of range 1..1000000");
    assertThatThrownBy(() -> new Each(NODES.arrayNode(), "x", "x", 10))
        .hasMessageContaining("other than the loop variable's");
  }

  @Test
  void an_operator_with_the_wrong_number_of_arguments_is_refused() {
    assertThatThrownBy(
            () ->
                JobSpec.builder("a", "h")
                    .when(WhenTree.op("len", NODES.arrayNode(), NODES.arrayNode()))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("job 'a': when: operator 'len' does not take 2 argument(s)");
    assertThatThrownBy(
            () ->
                JobSpec.builder("a", "h").when(WhenTree.op("||", NODES.booleanNode(true))).build())
        .hasMessage("job 'a': when: operator '||' does not take 1 argument(s)");
  }

  @Test
  void the_version_1_constructor_makes_a_job_without_version_2_features() {
    JobSpec job =
        new JobSpec("a", "h", "default", 0, 3, Backoff.DEFAULT, null, List.of(), null, null, null);

    assertThat(job.each()).isNull();
    assertThat(job.when()).isNull();
    assertThat(job.waitsForFinal()).isEmpty();
    assertThat(job.usesVersion2()).isFalse();
  }
}
