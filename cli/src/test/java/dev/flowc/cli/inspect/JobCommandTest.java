package dev.flowc.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.RuntimePipelines;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCommandTest {
  @TempDir Path dir;

  @Test
  void json_has_every_documented_key_with_ids_as_strings() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.COMPLETES);

    FlowcRun job = store.flowc("job", "2", "--format", "json");

    assertThat(job.exitCode()).as(job.err()).isZero();
    JsonNode load = RuntimePipelines.json(job.out());
    assertThat(load.fieldNames())
        .toIterable()
        .contains(
            "id",
            "run",
            "stage",
            "handler",
            "queue",
            "priority",
            "state",
            "attempts",
            "progress",
            "metadata",
            "dependencies",
            "dependents",
            "input",
            "result",
            "errors");
    assertThat(load.get("id").asText()).isEqualTo("2");
    assertThat(load.get("run").asText()).isEqualTo("1");
    assertThat(load.get("handler").asText()).isEqualTo("builtin.echo");
    assertThat(load.get("dependencies").get(0).isTextual()).isTrue();
    assertThat(load.get("dependencies").get(0).asText()).isEqualTo("1");
    assertThat(load.at("/metadata/table").asText()).isEqualTo("events");
    assertThat(load.at("/result/got/rows").asInt()).isEqualTo(3);
    assertThat(load.get("errors")).isEmpty();
  }

  @Test
  void errors_list_every_failed_attempt_with_its_time() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.FAILS);

    JsonNode extract = RuntimePipelines.json(store.flowc("job", "1", "-f", "json").out());

    assertThat(extract.get("state").asText()).isEqualTo("dead");
    JsonNode error = extract.at("/errors/0");
    assertThat(error.get("attempt").asInt()).isEqualTo(1);
    assertThat(error.get("error").asText()).endsWith("IntentionalFailure");
    assertThat(error.get("message").asText()).isEqualTo("no route to host");
    assertThat(error.get("failed_at").asText()).endsWith("Z");
  }

  @Test
  void text_names_dependencies_by_stage_and_lists_errors() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.FAILS);

    FlowcRun extract = store.flowc("job", "1");
    FlowcRun load = store.flowc("job", "2");

    assertThat(extract.out())
        .startsWith("job 1: extract, dead (run 1)\n")
        .contains("  handler       builtin.fail\n")
        .contains("  dependents    2 (load)\n")
        .containsPattern("errors:\n  attempt 1 at .*\\$IntentionalFailure: no route to host");
    assertThat(load.out())
        .contains("  cancelled by  1 (extract)\n")
        .contains("  depends on    1 (extract)\n");
  }

  @Test
  void an_unknown_job_is_exit_2_in_one_line() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.COMPLETES);

    FlowcRun job = store.flowc("job", "77");

    assertThat(job.exitCode()).isEqualTo(2);
    assertThat(job.err()).isEqualTo("flowc: no job 77 in store '" + store.store() + "'\n");
  }

  @Test
  void an_error_the_store_recorded_without_a_worker_names_none() {
    InspectFixture store = new InspectFixture(dir);
    store.submit("pipeline p {\n  stage crashy { handler builtin.noop }\n}\n");
    Instant now = Instant.now();
    try (SqliteJobStore opened =
        SqliteJobStore.open(Path.of(store.store()), SyncMode.NORMAL, Clock.systemUTC())) {
      // A worker claims it and is never heard of again: at the cap, the store makes it dead.
      opened.claim(new ClaimRequest("w", Set.of(), Set.of(), null, 1, now, now.plusSeconds(1)));
      assertThat(opened.reclaimExpired(now.plusSeconds(2), 1)).isEqualTo(1);
    }

    FlowcRun job = store.flowc("job", "1");

    assertThat(job.out())
        .containsPattern("errors:\n  attempt 1 at [^\n]*\\d: flowc\\.LeaseExpired: the worker")
        .doesNotContain(" on null");
  }
}
