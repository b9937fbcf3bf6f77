package dev.flowc.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.RuntimePipelines;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLettersCommandTest {
  @TempDir Path dir;

  @Test
  void json_lists_dead_jobs_with_the_documented_keys() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.FAILS);

    FlowcRun dead = store.flowc("dead-letters", "--format", "json");

    assertThat(dead.exitCode()).as(dead.err()).isZero();
    JsonNode list = RuntimePipelines.json(dead.out()).get("dead_letters");
    assertThat(list).hasSize(1);
    JsonNode letter = list.get(0);
    assertThat(letter.fieldNames())
        .toIterable()
        .contains(
            "id", "job", "run", "stage", "handler", "queue", "error", "attempts", "failed_at");
    assertThat(letter.get("job").asText()).isEqualTo("1");
    assertThat(letter.get("run").asText()).isEqualTo("1");
    assertThat(letter.get("stage").asText()).isEqualTo("extract");
    assertThat(letter.get("error").asText()).endsWith("no route to host");
    assertThat(letter.get("attempts").asInt()).isEqualTo(1);
  }

  @Test
  void limit_caps_the_list_and_none_is_said_in_words() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.FAILS);
    store.run(RuntimePipelines.FAILS);

    JsonNode one =
        RuntimePipelines.json(store.flowc("dead-letters", "--limit", "1", "-f", "json").out());
    FlowcRun text = store.flowc("dead-letters");
    store.flowc("retry", "1");
    store.flowc("retry", "4");

    assertThat(one.get("dead_letters")).hasSize(1);
    assertThat(one.at("/dead_letters/0/run").asText()).isEqualTo("2");
    assertThat(text.out()).startsWith("JOB  RUN  STAGE    HANDLER       QUEUE    ATTEMPTS  FAILED");
    assertThat(store.flowc("dead-letters").out()).isEqualTo("no dead jobs\n");
  }
}
