package dev.flowc.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.RuntimePipelines;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetryCommandTest {
  @TempDir Path dir;

  @Test
  void retry_makes_a_dead_job_pending_and_its_cancelled_dependents_wait_again() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.FAILS_ONCE);

    FlowcRun retry = store.flowc("retry", "1");
    JsonNode waiting = RuntimePipelines.json(store.flowc("status", "1", "-f", "json").out());
    FlowcRun worker = store.flowc("worker", "--drain");
    JsonNode done = RuntimePipelines.json(store.flowc("status", "1", "-f", "json").out());

    assertThat(retry.exitCode()).as(retry.err()).isZero();
    assertThat(retry.out())
        .isEqualTo(
            "job 1 (extract) is pending again; 1 dependent restored\n"
                + "a worker runs it, or this process: flowc resume 1\n");
    assertThat(waiting.at("/jobs/0/state").asText()).isEqualTo("pending");
    assertThat(waiting.at("/jobs/1/state").asText()).isEqualTo("blocked");
    assertThat(worker.exitCode()).as(worker.err()).isZero();
    assertThat(done.at("/run/status").asText()).isEqualTo("complete");
  }

  @Test
  void json_says_what_was_replayed() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.FAILS);

    JsonNode retry = RuntimePipelines.json(store.flowc("retry", "1", "--format", "json").out());

    assertThat(retry.get("job").asText()).isEqualTo("1");
    assertThat(retry.get("run").asText()).isEqualTo("1");
    assertThat(retry.get("restored_dependents").asInt()).isEqualTo(1);
  }

  @Test
  void a_job_that_is_not_dead_is_exit_2() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.COMPLETES);

    FlowcRun retry = store.flowc("retry", "1");

    assertThat(retry.exitCode()).isEqualTo(2);
    assertThat(retry.err())
        .isEqualTo("flowc: job 1 (extract) is complete, not dead: only dead jobs can be retried\n");
  }

  @Test
  void an_unknown_job_is_exit_2() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.COMPLETES);

    FlowcRun retry = store.flowc("retry", "99");

    assertThat(retry.exitCode()).isEqualTo(2);
    assertThat(retry.err()).isEqualTo("flowc: no job 99 in store '" + store.store() + "'\n");
  }
}
