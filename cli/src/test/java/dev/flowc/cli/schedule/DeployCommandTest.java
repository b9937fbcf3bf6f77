package dev.flowc.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.cli.FlowcRun;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.TickOutcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flowc deploy}, {@code schedules} and {@code schedule pause|resume|remove}. */
class DeployCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static final String NIGHTLY =
      """
      pipeline etl {
        params { full_refresh: bool = false  day: string = "today" }
        schedule nightly {
          cron "0 2 * * *"
          timezone "Europe/Berlin"
          params { full_refresh: true }
        }
        schedule hourly { cron "15 * * * *" overlap allow }
        stage stamp {
          handler builtin.echo
          input { full: params.full_refresh, key: run.key, tick: run.scheduled_at }
        }
      }
      """;

  private String store() {
    return dir.resolve("flowc.db").toString();
  }

  private FlowcRun flowc(String... args) {
    return FlowcRun.of(args);
  }

  @Test
  void deploy_prints_each_schedule_with_its_next_tick_and_schedules_lists_them() throws Exception {
    String file = FlowcRun.write(dir, "etl.flow", NIGHTLY);

    FlowcRun deploy = flowc("deploy", file, "--store", store());
    FlowcRun list = flowc("schedules", "--store", store());
    FlowcRun json = flowc("schedules", "--store", store(), "--format", "json");

    assertThat(deploy.exitCode()).as(deploy.err()).isZero();
    assertThat(deploy.out())
        .containsPattern(
            "(?m)^deployed schedule hourly \\(etl\\): 15 \\* \\* \\* \\* UTC, next tick \\d{4}-\\d\\d-\\d\\d"
                + " \\d\\d:15 UTC \\(\\S+:15:00Z\\)$")
        .containsPattern(
            "(?m)^deployed schedule nightly \\(etl\\): 0 2 \\* \\* \\* Europe/Berlin, next tick"
                + " \\S+ 02:00 CES?T \\(\\S+T0[01]:00:00Z\\)$");
    assertThat(list.out())
        .startsWith(
            "NAME     PIPELINE  CRON        ZONE           NEXT TICK             NEXT TICK (UTC)"
                + "       LAST RUN  PAUSED  LAST SKIPPED\n")
        .contains("\nhourly ")
        .contains("\nnightly ");
    JsonNode schedules = JSON.readTree(json.out()).get("schedules");
    assertThat(schedules).hasSize(2);
    JsonNode nightly = schedules.get(1);
    assertThat(nightly.get("name").asText()).isEqualTo("nightly");
    assertThat(nightly.get("timezone").asText()).isEqualTo("Europe/Berlin");
    assertThat(nightly.get("catchup").asText()).isEqualTo("latest");
    assertThat(nightly.get("overlap").asText()).isEqualTo("skip");
    assertThat(nightly.get("params")).isEqualTo(JSON.readTree("{\"full_refresh\": true}"));
    assertThat(nightly.get("paused").asBoolean()).isFalse();
    assertThat(nightly.get("next_tick_local").asText()).matches("\\S+T02:00:00\\+0[12]:00");
    assertThat(nightly.get("last_run").isNull()).isTrue();
    assertThat(schedules.get(0).get("overlap").asText()).isEqualTo("allow");
  }

  @Test
  void a_tick_runs_the_plan_compiled_with_its_schedules_params_and_shows_the_key_and_tick()
      throws Exception {
    String file = FlowcRun.write(dir, "etl.flow", NIGHTLY);
    assertThat(flowc("deploy", file, "--store", store()).exitCode()).isZero();

    RunView run;
    try (FlowRuntime runtime = FlowRuntime.builder().store(store()).open()) {
      Instant next =
          runtime.schedules().stream()
              .filter(s -> s.name().equals("nightly"))
              .findFirst()
              .orElseThrow()
              .nextTick();
      List<TickOutcome> fired = runtime.fireDueSchedules(next.plusSeconds(1));
      assertThat(fired).extracting(TickOutcome::schedule).contains("nightly");
      long runId =
          fired.stream().filter(o -> o.schedule().equals("nightly")).findFirst().get().runId();
      run = runtime.run(runId).orElseThrow();
      assertThat(runtime.job(runtime.jobs(runId).get(0).id()).orElseThrow().input())
          .isEqualTo(
              JSON.readTree(
                  "{\"full\": true, \"key\": \"schedule:nightly:%s\", \"tick\": \"%s\"}"
                      .formatted(next, next)));
    }
    assertThat(run.params().get("full_refresh").asBoolean()).isTrue();
    JsonNode status =
        JSON.readTree(
            flowc("status", String.valueOf(run.id()), "--store", store(), "-f", "json").out());
    assertThat(status.at("/run/key").asText()).startsWith("schedule:nightly:");
    assertThat(status.at("/run/scheduled_at").asText()).isEqualTo(run.scheduledAt().toString());
    assertThat(flowc("schedules", "--store", store()).out())
        .containsPattern("(?m)^nightly .* %d running +no".formatted(run.id()));
  }

  @Test
  void deploying_again_removes_the_schedules_the_file_no_longer_has() {
    String file = FlowcRun.write(dir, "etl.flow", NIGHTLY);
    flowc("deploy", file, "--store", store());
    FlowcRun.write(dir, "etl.flow", NIGHTLY.replace("schedule hourly", "schedule every_hour"));

    FlowcRun again = flowc("deploy", file, "--store", store());

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out())
        .contains("deployed schedule every_hour (etl)")
        .contains("deployed schedule nightly (etl)")
        .contains("removed schedule hourly (etl): no longer in " + file);
    assertThat(flowc("schedules", "--store", store()).out()).doesNotContain("\nhourly ");
  }

  @Test
  void a_schedule_name_of_another_pipeline_is_exit_1_and_nothing_is_stored() {
    String file = FlowcRun.write(dir, "etl.flow", NIGHTLY);
    String other =
        FlowcRun.write(
            dir,
            "other.flow",
            """
            pipeline other {
              schedule fresh { cron "@hourly" }
              schedule nightly { cron "@daily" }
              stage a { handler builtin.noop }
            }
            """);
    flowc("deploy", file, "--store", store());

    FlowcRun refused = flowc("deploy", other, "--store", store());

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err())
        .isEqualTo(
            "flowc: %s: schedule 'nightly' is deployed for pipeline 'etl' already: a schedule name"
                    .formatted(other)
                + " is unique in a store; rename it, or remove the other first ('flowc schedule"
                + " remove nightly')\n");
    assertThat(flowc("schedules", "--store", store()).out()).doesNotContain("fresh");
  }

  @Test
  void a_file_with_errors_is_exit_1_and_no_file_is_deployed() {
    String good = FlowcRun.write(dir, "etl.flow", NIGHTLY);
    String bad =
        FlowcRun.write(
            dir,
            "bad.flow",
            """
            pipeline bad {
              schedule broken { cron "0 25 * * *" }
              stage a { handler builtin.noop }
            }
            """);

    FlowcRun deploy = flowc("deploy", good, bad, "--store", store());

    assertThat(deploy.exitCode()).isEqualTo(1);
    assertThat(deploy.err()).contains("FLOW310");
    assertThat(deploy.out()).isEmpty();
    assertThat(flowc("schedules", "--store", store()).exitCode()).isEqualTo(2);
  }

  @Test
  void pause_resume_and_remove_change_one_schedule_and_an_unknown_name_is_exit_2() {
    String file = FlowcRun.write(dir, "etl.flow", NIGHTLY);
    flowc("deploy", file, "--store", store());

    FlowcRun pause = flowc("schedule", "pause", "nightly", "--store", store());
    String paused = flowc("schedules", "--store", store()).out();
    FlowcRun resume = flowc("schedule", "resume", "nightly", "--store", store());
    String resumed = flowc("schedules", "--store", store()).out();
    FlowcRun remove = flowc("schedule", "remove", "hourly", "--store", store());
    FlowcRun unknown = flowc("schedule", "pause", "weekly", "--store", store());

    assertThat(pause.out()).isEqualTo("schedule nightly paused\n");
    assertThat(paused).containsPattern("(?m)^nightly .* yes *$");
    assertThat(resume.out()).isEqualTo("schedule nightly resumed\n");
    assertThat(resumed).containsPattern("(?m)^nightly .* no *$");
    assertThat(remove.out()).isEqualTo("schedule hourly removed\n");
    assertThat(flowc("schedules", "--store", store()).out()).doesNotContain("\nhourly ");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .isEqualTo(
            "flowc: no schedule 'weekly' in store '%s' (see 'flowc schedules')\n"
                .formatted(store()));
  }
}
