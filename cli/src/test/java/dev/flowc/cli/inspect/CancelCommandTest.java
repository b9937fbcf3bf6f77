package dev.flowc.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.RuntimePipelines;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CancelCommandTest {
  @TempDir Path dir;

  @Test
  void cancel_run_cancels_every_job_that_is_not_final() {
    InspectFixture store = new InspectFixture(dir);
    store.submit(RuntimePipelines.COMPLETES);

    FlowcRun cancel = store.flowc("cancel", "--run", "1");
    JsonNode status = RuntimePipelines.json(store.flowc("status", "1", "-f", "json").out());

    assertThat(cancel.exitCode()).as(cancel.err()).isZero();
    assertThat(cancel.out()).isEqualTo("run 1 cancelled: 2 jobs cancelled or asked to stop\n");
    assertThat(status.at("/run/status").asText()).isEqualTo("cancelled");
    assertThat(status.at("/jobs/0/state").asText()).isEqualTo("cancelled");
    assertThat(status.at("/jobs/1/state").asText()).isEqualTo("cancelled");
  }

  @Test
  void cancel_job_cancels_it_and_its_dependents_only() {
    InspectFixture store = new InspectFixture(dir);
    store.submit(RuntimePipelines.FAILS);

    JsonNode cancel =
        RuntimePipelines.json(store.flowc("cancel", "--job", "1", "--format", "json").out());
    JsonNode status = RuntimePipelines.json(store.flowc("status", "1", "-f", "json").out());

    assertThat(cancel.get("job").asText()).isEqualTo("1");
    assertThat(cancel.get("cancelled").asBoolean()).isTrue();
    assertThat(status.at("/jobs/0/state").asText()).isEqualTo("cancelled");
    assertThat(status.at("/jobs/1/state").asText()).isEqualTo("cancelled");
    assertThat(status.at("/jobs/2/state").asText()).isEqualTo("pending");
  }

  @Test
  void cancelling_a_finished_job_says_so_and_exits_0() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.COMPLETES);

    FlowcRun cancel = store.flowc("cancel", "--job", "1");

    assertThat(cancel.exitCode()).isZero();
    assertThat(cancel.out()).isEqualTo("job 1 (extract) is already complete; nothing to cancel\n");
  }

  @Test
  void a_bare_id_asks_which_one_is_meant() {
    FlowcRun cancel = FlowcRun.of("cancel", "3");

    assertThat(cancel.exitCode()).isEqualTo(2);
    assertThat(cancel.err())
        .isEqualTo(
            "flowc: say what to cancel: 'flowc cancel --run 3' or 'flowc cancel --job 3' (see"
                + " 'flowc cancel --help')\n");
  }

  @Test
  void run_and_job_together_are_a_usage_error() {
    FlowcRun cancel = FlowcRun.of("cancel", "--run", "1", "--job", "2");

    assertThat(cancel.exitCode()).isEqualTo(2);
    assertThat(cancel.err()).startsWith("flowc: ").contains("mutually exclusive");
  }

  @Test
  void unknown_ids_are_exit_2() {
    InspectFixture store = new InspectFixture(dir);
    store.submit(RuntimePipelines.COMPLETES);

    assertThat(store.flowc("cancel", "--run", "5").err())
        .isEqualTo("flowc: no run 5 in store '" + store.store() + "'\n");
    assertThat(store.flowc("cancel", "--job", "5").exitCode()).isEqualTo(2);
  }
}
