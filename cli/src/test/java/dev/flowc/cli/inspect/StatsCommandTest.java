package dev.flowc.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.RuntimePipelines;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsCommandTest {
  @TempDir Path dir;

  @Test
  void json_counts_every_state_in_all_and_per_queue() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.FAILS);
    store.submit(RuntimePipelines.TWO_QUEUES);

    FlowcRun stats = store.flowc("stats", "--format", "json");

    assertThat(stats.exitCode()).as(stats.err()).isZero();
    JsonNode document = RuntimePipelines.json(stats.out());
    assertThat(document.get("states").fieldNames())
        .toIterable()
        .containsExactly(
            "blocked",
            "pending",
            "running",
            "retrying",
            "complete",
            "dead",
            "cancelled",
            "skipped");
    assertThat(document.at("/states/dead").asLong()).isEqualTo(1);
    assertThat(document.at("/states/pending").asLong()).isEqualTo(2);
    assertThat(document.at("/queues/fast/pending").asLong()).isEqualTo(1);
    assertThat(document.at("/queues/default/complete").asLong()).isEqualTo(1);
  }

  @Test
  void text_is_a_table_of_queues_and_states() {
    InspectFixture store = new InspectFixture(dir);
    store.submit(RuntimePipelines.TWO_QUEUES);

    FlowcRun stats = store.flowc("stats");

    assertThat(stats.out())
        .startsWith(
            "QUEUE  BLOCKED  PENDING  RUNNING  RETRYING  COMPLETE  DEAD  CANCELLED  SKIPPED\n")
        .contains("\nfast   0        1        0")
        .contains("\n(all)  0        2        0");
  }
}
