package dev.flowc.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.Plan;
import dev.flowc.dag.Schedule;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompileForScheduleTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final SourceFile SOURCE =
      SourceFile.of(
          "etl.flow",
          """
          pipeline etl {
            params { table: string = "events"  full: bool = false  region: string }
            schedule nightly {
              cron "0 2 * * *" timezone "Europe/Berlin" catchup all
              params { full: true, table: "nightly_${'$'}{x}", region: "eu" }
            }
            schedule hourly { cron "@hourly" params { region: "us" } }
            stage load { handler "etl.load" input { table: params.table, full: params.full, region: params.region } }
          }
          """
              .replace("${'$'}{x}", "x")
              .getBytes(StandardCharsets.UTF_8));

  @Test
  void compile_lists_every_schedule_and_keeps_the_plan_params_for_a_run_by_hand() {
    CompileResult result = FlowCompiler.compile(SOURCE, Map.of("region", "ap"));

    Plan plan = result.plan().orElseThrow();
    assertThat(plan.schedules()).extracting(Schedule::name).containsExactly("nightly", "hourly");
    assertThat(plan.params().get("table")).isEqualTo(NODES.textNode("events"));
    assertThat(plan.job("load").input().get("region")).isEqualTo(NODES.textNode("ap"));
    assertThat(plan.schedule("nightly").params())
        .containsEntry("full", NODES.booleanNode(true))
        .containsEntry("table", NODES.textNode("nightly_x"));
    assertThat(plan.schedule("nightly").catchup()).isEqualTo(Schedule.Catchup.ALL);
  }

  @Test
  void a_schedule_s_plan_has_its_params_substituted_and_only_that_schedule() {
    CompileResult result =
        FlowCompiler.compileForSchedule(SOURCE, Map.of("region", "ap"), "nightly");

    Plan plan = result.plan().orElseThrow();
    assertThat(plan.schedules()).extracting(Schedule::name).containsExactly("nightly");
    assertThat(plan.params())
        .containsEntry("table", NODES.textNode("nightly_x"))
        .containsEntry("full", NODES.booleanNode(true))
        .containsEntry("region", NODES.textNode("eu"));
    assertThat(plan.job("load").input().get("table")).isEqualTo(NODES.textNode("nightly_x"));
    assertThat(plan.job("load").input().get("full")).isEqualTo(NODES.booleanNode(true));
    assertThat(plan.job("load").input().get("region")).isEqualTo(NODES.textNode("eu"));
  }

  @Test
  void params_a_schedule_does_not_set_come_from_the_command_line_then_the_defaults() {
    Plan plan =
        FlowCompiler.compileForSchedule(SOURCE, Map.of("table", "t2"), "hourly")
            .plan()
            .orElseThrow();

    assertThat(plan.params())
        .containsEntry("table", NODES.textNode("t2"))
        .containsEntry("full", NODES.booleanNode(false))
        .containsEntry("region", NODES.textNode("us"));
  }

  @Test
  void an_unknown_schedule_is_an_illegal_argument() {
    assertThatThrownBy(() -> FlowCompiler.compileForSchedule(SOURCE, Map.of(), "weekly"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'etl' has no schedule 'weekly'");
  }
}
