package dev.flowc.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.RuntimePipelines;
import dev.flowc.dag.Each;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.dag.ResultRefs;
import dev.flowc.dag.Values;
import dev.flowc.dag.WhenTree;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.Worker;
import dev.flowc.runtime.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowc status} and {@code flowc job} on a run of language version 2, made through the Java
 * API: a stage fanned out over three files, a stage skipped by its condition, one skipped with it.
 */
class FanOutInspectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private InspectFixture store;
  private long runId;

  @BeforeEach
  void runIt() throws Exception {
    store = new InspectFixture(dir);
    ObjectNode listInput = JSON.createObjectNode();
    listInput.set(
        "files",
        JSON.readTree("[{\"path\": \"a.json\"}, {\"path\": \"b.json\"}, {\"path\": \"c.json\"}]"));
    ObjectNode itemInput = JSON.createObjectNode();
    itemInput.set("path", Values.item(List.of("path")));
    Plan plan =
        new Plan(
            "etl_v2",
            null,
            null,
            Map.of(),
            List.of(new QueueSpec(QueueSpec.DEFAULT, null)),
            List.of(
                JobSpec.builder("list_files", "builtin.echo").input(listInput).build(),
                JobSpec.builder("normalize", "builtin.echo")
                    .dependsOn("list_files")
                    .each(Each.over(ResultRefs.result("list_files", List.of("files")), "file"))
                    .input(itemInput)
                    .build(),
                JobSpec.builder("purge", "builtin.noop")
                    .dependsOn("normalize")
                    .when(
                        WhenTree.op(
                            "==", ResultRefs.result("normalize", List.of()), JSON.readTree("[]")))
                    .build(),
                JobSpec.builder("report", "builtin.noop").dependsOn("purge").build()));
    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(Path.of(store.store())).open()) {
      RunView run = runtime.submit(plan);
      runId = run.id();
      try (Worker worker = runtime.startWorker(WorkerOptions.of(2))) {
        assertThat(runtime.awaitRun(runId, Duration.ofMinutes(1)).status())
            .isEqualTo(RunStatus.COMPLETE);
      }
    }
  }

  @Test
  void status_shows_a_fanned_out_stage_as_one_line_with_its_items_counted() {
    FlowcRun status = store.flowc("status", "" + runId);

    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out())
        .startsWith(
            "run %d (etl_v2): complete, 2 complete, 2 skipped; 3 items: 3 complete; started "
                .formatted(runId))
        .contains("ITEMS")
        .containsPattern("(?m)^2   normalize   complete .* 3/3 complete\\s*$")
        .containsPattern("(?m)^3   purge .*skipped: its when is false: normalize.result == \\[\\]$")
        .containsPattern("(?m)^4   report .*skipped: 'purge' \\(job 3\\) was skipped$")
        .doesNotContain("normalize[");
  }

  @Test
  void status_with_items_lists_them_under_their_stage_in_item_order() {
    FlowcRun status = store.flowc("status", "" + runId, "--items");

    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out())
        .containsPattern(
            "(?s)normalize +complete.*\\n\\d+ +normalize\\[0] .*\\n\\d+ +normalize\\[1] .*\\n\\d+ +normalize\\[2] .*\\n3 +purge");
  }

  @Test
  void json_status_counts_a_stages_items_and_lists_them_when_asked() {
    JsonNode plain =
        RuntimePipelines.json(store.flowc("status", "" + runId, "--format", "json").out());
    assertThat(plain.get("jobs")).hasSize(4);
    JsonNode normalize = plain.at("/jobs/1");
    assertThat(normalize.at("/items/count").asInt()).isEqualTo(3);
    assertThat(normalize.at("/items/states/complete").asInt()).isEqualTo(3);
    assertThat(normalize.has("item_jobs")).isFalse();
    assertThat(plain.at("/jobs/2/skip_reason").asText()).startsWith("its when is false");

    JsonNode withItems =
        RuntimePipelines.json(
            store.flowc("status", "" + runId, "--items", "--format", "json").out());
    JsonNode items = withItems.at("/jobs/1/item_jobs");
    assertThat(items).hasSize(3);
    assertThat(items.get(2).get("item_index").asInt()).isEqualTo(2);
    assertThat(items.get(2).get("stage_job").asText()).isEqualTo("2");
  }

  @Test
  void job_shows_an_items_stage_index_and_element_and_a_skipped_jobs_reason() throws Exception {
    long item;
    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(Path.of(store.store())).open()) {
      JobSummary stage =
          runtime.stages(runId).stream()
              .filter(j -> j.stage().equals("normalize"))
              .findFirst()
              .orElseThrow();
      item = runtime.items(stage.id()).get(1).id();
    }
    FlowcRun job = store.flowc("job", "" + item);
    assertThat(job.exitCode()).as(job.err()).isZero();
    assertThat(job.out())
        .startsWith("job %d: normalize, complete (run %d)".formatted(item, runId))
        .contains("  item          1 of stage 2 (normalize), element {\"path\":\"b.json\"}")
        .contains("  input         {\"path\":\"b.json\"}");

    FlowcRun stage = store.flowc("job", "2");
    assertThat(stage.out()).contains("  items         3: 3 complete");

    FlowcRun skipped = store.flowc("job", "3");
    assertThat(skipped.out())
        .contains("  when          skipped")
        .contains("  skipped       its when is false: normalize.result == []");
    JsonNode json = RuntimePipelines.json(store.flowc("job", "" + item, "--format", "json").out());
    assertThat(json.get("element")).isEqualTo(JSON.readTree("{\"path\": \"b.json\"}"));
    assertThat(json.get("item_index").asInt()).isEqualTo(1);
  }
}
