package dev.flowc.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.runtime.SyncMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark runs end to end on a small scale and reports what it measured; no timings. */
class RuntimeBenchmarkTest {

  @Test
  void a_small_run_reports_every_figure_as_text_and_json() throws Exception {
    List<String> progress = new ArrayList<>();
    RuntimeReport report =
        RuntimeBenchmark.run(
            RuntimeBenchmark.Settings.defaults()
                .withJobs(500)
                .withSyncModes(List.of(SyncMode.NORMAL))
                .withWorker(2, 64)
                .withWarmUp(false),
            progress::add);

    assertThat(progress).anyMatch(line -> line.contains("parent-child chains"));
    RuntimeReport.Measurement normal = report.measurements().get(0);
    assertThat(normal.sync()).isEqualTo(SyncMode.NORMAL);
    assertThat(normal.enqueuePerSecond()).isPositive();
    assertThat(normal.submitPerSecond()).isPositive();
    assertThat(normal.processedPerSecond()).isPositive();
    assertThat(normal.latency().chains()).isEqualTo(50);
    assertThat(normal.latency().p99Ms()).isGreaterThanOrEqualTo(normal.latency().p50Ms());
    assertThat(normal.dag().jobs()).isEqualTo(500);
    assertThat(normal.dag().heapMb()).isPositive();

    assertThat(report.text())
        .contains("sync=normal")
        .contains("no-op jobs processed")
        .contains("parent->child p99")
        .contains("heap used after GC");

    JsonNode json = new ObjectMapper().readTree(report.json());
    assertThat(json.get("jobs").asInt()).isEqualTo(500);
    JsonNode result = json.get("results").get(0);
    assertThat(result.get("sync").asText()).isEqualTo("normal");
    for (String key : List.of("enqueue_jobs_per_s", "submit_jobs_per_s", "processed_jobs_per_s")) {
      assertThat(result.get(key).asLong()).as(key).isPositive();
    }
    assertThat(result.get("chain_latency").has("p99_ms")).isTrue();
    assertThat(result.get("dag").has("heap_after_gc_mb")).isTrue();
    assertThat(json.get("targets").get("processed_jobs_per_s").asDouble()).isEqualTo(20_000);
  }

  @Test
  void the_dag_has_layers_each_job_after_two_of_the_layer_before() {
    Plan dag = RuntimeBenchmark.layeredDag(3_000); // layers of 300
    assertThat(dag.jobs()).hasSize(3_000);
    JobSpec first = dag.jobs().get(0);
    JobSpec secondLayer = dag.jobs().get(300);
    assertThat(first.dependsOn()).isEmpty();
    assertThat(dag.jobs().get(299).dependsOn()).isEmpty();
    assertThat(secondLayer.dependsOn()).containsExactly("d0", "d1");
    assertThat(dag.jobs().get(599).dependsOn()).containsExactly("d299", "d0");
  }

  @Test
  void too_few_jobs_are_refused() {
    assertThatThrownBy(() -> RuntimeBenchmark.Settings.defaults().withJobs(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 100");
  }
}
