package dev.flowc.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.RuntimePipelines;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsCommandTest {
  private static final String ISO_UTC = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";

  @TempDir Path dir;

  private InspectFixture store;

  @BeforeEach
  void twoRuns() {
    store = new InspectFixture(dir);
    store.run(RuntimePipelines.COMPLETES);
    store.run(RuntimePipelines.FAILS);
  }

  @Test
  void json_lists_runs_newest_first_with_ids_as_strings_and_utc_times() {
    FlowcRun runs = store.flowc("runs", "--format", "json");

    assertThat(runs.exitCode()).as(runs.err()).isZero();
    JsonNode list = RuntimePipelines.json(runs.out()).get("runs");
    assertThat(list).hasSize(2);
    JsonNode newest = list.get(0);
    assertThat(newest.get("id").isTextual()).isTrue();
    assertThat(newest.get("id").asText()).isEqualTo("2");
    assertThat(newest.get("pipeline").asText()).isEqualTo("etl");
    assertThat(newest.get("status").asText()).isEqualTo("failed");
    assertThat(newest.get("created_at").asText()).matches(ISO_UTC);
    assertThat(newest.get("finished_at").asText()).matches(ISO_UTC);
    assertThat(list.get(1).get("status").asText()).isEqualTo("complete");
  }

  @Test
  void text_is_a_table() {
    FlowcRun runs = store.flowc("runs");

    assertThat(runs.out())
        .startsWith("ID  PIPELINE  STATUS    JOBS  UNFINISHED  CREATED")
        .containsPattern("(?m)^2   etl       failed    3     0 ")
        .containsPattern("(?m)^1   etl       complete  2     0 ");
  }

  @Test
  void limit_keeps_the_newest() {
    JsonNode list =
        RuntimePipelines.json(store.flowc("runs", "--limit", "1", "-f", "json").out()).get("runs");

    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asText()).isEqualTo("2");
  }
}
