package dev.flowc.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.RuntimePipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
  @TempDir Path dir;

  @Test
  void json_has_the_run_and_every_job_with_the_documented_keys() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.FAILS);

    FlowcRun status = store.flowc("status", "1", "--format", "json");

    assertThat(status.exitCode()).as(status.err()).isZero();
    JsonNode document = RuntimePipelines.json(status.out());
    assertThat(document.get("run").fieldNames())
        .toIterable()
        .contains("id", "pipeline", "status", "created_at", "finished_at");
    assertThat(document.at("/run/status").asText()).isEqualTo("failed");
    JsonNode extract = document.at("/jobs/0");
    assertThat(extract.fieldNames())
        .toIterable()
        .contains(
            "id",
            "stage",
            "state",
            "queue",
            "priority",
            "attempts",
            "progress",
            "started_at",
            "finished_at",
            "error");
    assertThat(extract.get("id").asText()).isEqualTo("1");
    assertThat(extract.get("state").asText()).isEqualTo("dead");
    assertThat(extract.get("error").asText()).endsWith(": no route to host");
    assertThat(document.at("/jobs/1/state").asText()).isEqualTo("cancelled");
    assertThat(document.at("/jobs/1/cancelled_by").asText()).isEqualTo("1");
  }

  @Test
  void text_has_a_headline_and_a_table() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.COMPLETES);

    FlowcRun status = store.flowc("status", "1");

    assertThat(status.out())
        .startsWith("run 1 (etl): complete, 2 complete; started ")
        .contains("\nID  STAGE    STATE     QUEUE    ATTEMPTS  PROGRESS  DURATION  LAST ERROR\n")
        .containsPattern("(?m)^2   load     complete  default  1         100%  +\\d+ms$");
  }

  @Test
  void an_unknown_run_is_exit_2_in_one_line() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.COMPLETES);

    FlowcRun status = store.flowc("status", "9");

    assertThat(status.exitCode()).isEqualTo(2);
    assertThat(status.out()).isEmpty();
    assertThat(status.err()).isEqualTo("flowc: no run 9 in store '" + store.store() + "'\n");
  }

  @Test
  void an_id_that_is_not_a_number_is_a_usage_error() {
    FlowcRun status = FlowcRun.of("status", "latest");

    assertThat(status.exitCode()).isEqualTo(2);
    assertThat(status.err()).contains("'latest' is not an id");
  }

  @Test
  void a_missing_store_is_exit_2_and_is_not_created() {
    FlowcRun status = FlowcRun.of("status", "1", "--store", dir.resolve("none.db").toString());

    assertThat(status.exitCode()).isEqualTo(2);
    assertThat(status.err()).startsWith("flowc: no store at ");
    assertThat(dir.resolve("none.db")).doesNotExist();
  }

  @Test
  void a_corrupt_store_is_exit_3_in_one_line() throws IOException {
    Path junk = dir.resolve("junk.db");
    Files.writeString(junk, "this is not a database, just some text long enough".repeat(200));

    FlowcRun status = FlowcRun.of("status", "1", "--store", junk.toString());

    assertThat(status.exitCode()).as(status.err()).isEqualTo(3);
    assertThat(status.err()).startsWith("flowc: ").doesNotContain("\tat ");
    assertThat(status.err().lines()).hasSize(1);
  }
}
