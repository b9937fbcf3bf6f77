package dev.flowc.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.RuntimePipelines;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurgeCommandTest {
  @TempDir Path dir;

  private static JsonNode runs(InspectFixture store) {
    return RuntimePipelines.json(store.flowc("runs", "-f", "json").out());
  }

  @Test
  void purge_removes_the_finished_runs_of_the_statuses_named_and_a_dry_run_nothing() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.COMPLETES); // run 1: complete
    store.run(RuntimePipelines.FAILS); // run 2: failed, a dead letter
    store.submit(RuntimePipelines.COMPLETES); // run 3: not started

    FlowcRun dry = store.flowc("purge", "--older-than", "0s", "--dry-run");
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out())
        .startsWith("dry run: would purge 2 runs (")
        .contains("1 dead letter")
        .endsWith(
            "complete, failed, cancelled runs that finished more than 0s ago;"
                + " nothing was removed\n");
    assertThat(runs(store).get("runs")).hasSize(3);

    FlowcRun complete = store.flowc("purge", "--older-than", "0s", "--status", "complete");
    assertThat(complete.exitCode()).as(complete.err()).isZero();
    assertThat(complete.out())
        .startsWith("purged 1 run (2 jobs, ")
        .contains("complete runs that finished more than 0s ago;")
        .contains("given back to the file system");
    assertThat(store.flowc("status", "1").exitCode()).isEqualTo(2);

    FlowcRun rest = store.flowc("purge", "--older-than", "0s", "--format", "json");
    JsonNode report = RuntimePipelines.json(rest.out());
    assertThat(report.get("runs").asInt()).isEqualTo(1);
    assertThat(report.get("dead_letters").asInt()).isEqualTo(1);
    assertThat(report.get("dry_run").asBoolean()).isFalse();
    assertThat(report.get("older_than").asText()).isEqualTo("0s");
    assertThat(report.get("bytes_reclaimed").isNumber()).isTrue();
    assertThat(runs(store).get("runs"))
        .extracting(run -> run.get("id").asText())
        .containsExactly("3");
    assertThat(store.flowc("dead-letters").out()).isEqualTo("no dead jobs\n");

    FlowcRun again = store.flowc("purge", "--older-than", "30d", "--status", "complete,cancelled");
    assertThat(again.out())
        .isEqualTo(
            "nothing to purge: no complete or cancelled run finished more than 30d ago without"
                + " a dead job\n");
  }

  @Test
  void a_bad_duration_or_status_is_one_line_and_exit_2() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.COMPLETES);

    FlowcRun duration = store.flowc("purge", "--older-than", "30 days");
    FlowcRun running = store.flowc("purge", "--older-than", "1d", "--status", "complete,running");
    FlowcRun missing = store.flowc("purge");

    assertThat(duration.exitCode()).isEqualTo(2);
    assertThat(duration.err())
        .isEqualTo(
            "flowc: invalid value for option '--older-than': '30 days' is not a duration: write a"
                + " whole number and a unit, such as 30d, 12h, 90m or 45s (see 'flowc purge"
                + " --help')\n");
    assertThat(running.exitCode()).isEqualTo(2);
    assertThat(running.err()).contains("running runs are never purged").hasLineCount(1);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--older-than").hasLineCount(1);
    assertThat(runs(store).get("runs")).hasSize(1);
  }
}
