package dev.flowc.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.runtime.SyncMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs end to end on a small scale and reports what it measured; no timings. */
class RuntimeBenchmarkTest {

  @Test
  void the_enqueue_phase_times_each_call_of_its_warm_rounds(@TempDir Path dir) throws Exception {
    JsonNode result;
    try (ChildJvm child =
        ChildJvm.start(
            List.of("enqueue", "--jobs", "3000", "--store", dir.resolve("q.db").toString()))) {
      result = child.result(Duration.ofMinutes(5));
    }
    assertThat(result.get("rounds_per_s")).hasSize(3);
    JsonNode calls = result.get("call_ms");
    assertThat(calls.get("min").asDouble()).isPositive();
    assertThat(calls.get("p10").asDouble()).isGreaterThanOrEqualTo(calls.get("min").asDouble());
    assertThat(calls.get("median").asDouble()).isGreaterThanOrEqualTo(calls.get("p10").asDouble());
  }

  @Test
  void the_one_call_phase_enqueues_every_job_in_one_call(@TempDir Path dir) throws Exception {
    JsonNode result;
    try (ChildJvm child =
        ChildJvm.start(
            List.of("enqueue-once", "--jobs", "3000", "--store", dir.resolve("q.db").toString()))) {
      result = child.result(Duration.ofMinutes(5));
    }
    assertThat(result.get("per_s").asDouble()).isPositive();
    assertThat(result.get("call_ms").asDouble()).isPositive();
    assertThat(result.get("memory").get(1).get("phase").asText()).isEqualTo("enqueueAll");
  }

  @Test
  void a_small_run_reports_every_figure_as_text_and_json() throws Exception {
    List<String> progress = new ArrayList<>();
    RuntimeReport report =
        RuntimeBenchmark.run(
            RuntimeBenchmark.Settings.defaults()
                .withJobs(500)
                .withSyncModes(List.of(SyncMode.NORMAL))
                .withWorker(2, null)
                .withWorkerProcesses(List.of(2))
                .withChainRate(500),
            progress::add);

    assertThat(progress).anyMatch(line -> line.contains("parent-child chains"));
    RuntimeReport.Measurement normal = report.measurements().get(0);
    assertThat(normal.name()).isEqualTo("sync=normal");
    assertThat(normal.enqueueBatchPerSecond()).isPositive();
    assertThat(normal.enqueueOneCallPerSecond()).isPositive();
    assertThat(normal.enqueueSinglePerSecond()).isPositive();
    assertThat(normal.userPathPerSecond()).isPositive();
    assertThat(normal.userPathBatchPerSecond()).isPositive();
    assertThat(normal.submitPerSecond()).isPositive();
    assertThat(normal.drainPerSecond()).isPositive();
    assertThat(normal.latency().chains()).isEqualTo(50);
    assertThat(normal.latency().crossProcess()).isZero(); // a worker in the submitting process
    assertThat(normal.latency().p50Ms()).isPositive();
    assertThat(normal.latency().p99Ms()).isGreaterThanOrEqualTo(normal.latency().p50Ms());
    assertThat(normal.dag().jobs()).isEqualTo(500);
    assertThat(normal.dag().phases())
        .extracting(RuntimeReport.Memory::phase)
        .containsExactly("build", "submit", "run");
    assertThat(normal.dag().peakHeapUsedMb()).isPositive();
    assertThat(normal.dag().peakRssMb()).isPositive();
    assertThat(normal.dag().fittedHeapCap()).isTrue();
    assertThat(normal.dag().maxHeapMb()).isLessThanOrEqualTo(256); // the capped JVM
    assertThat(normal.scaling()).hasSize(1);
    RuntimeReport.Scaling two = normal.scaling().get(0);
    assertThat(two.workers()).isEqualTo(2);
    assertThat(two.processedPerSecond()).isPositive();
    assertThat(two.warmProcessedPerSecond()).isPositive();
    assertThat(two.warmEnqueuePerSecond()).isPositive();
    assertThat(two.latency().chains()).isEqualTo(50);

    assertThat(report.text())
        .contains("sync=normal")
        .contains("user path: enqueue 1 by 1 -> last completion")
        .contains("enqueueAll, 500 jobs in one call (cold JVM)")
        .contains("parent end -> child start p50")
        .contains("ran within -Xmx256m (whole process)")
        .contains("worker processes fed by the bench process")
        .contains("not measured: the heap target of a 1,000,000-job plan");
    if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/stat"))) {
      // What else the machine did meanwhile, to read the figures by (MachineLoadTest).
      assertThat(report.text()).contains("while measuring: load average ").contains("(steal)");
    }

    JsonNode json = new ObjectMapper().readTree(report.json());
    assertThat(json.get("jobs").asInt()).isEqualTo(500);
    JsonNode result = json.get("results").get(0);
    assertThat(result.get("name").asText()).isEqualTo("sync=normal");
    for (String key :
        List.of(
            "enqueue_all_jobs_per_s",
            "enqueue_all_one_call_jobs_per_s",
            "user_path_jobs_per_s",
            "user_path_enqueue_all_jobs_per_s",
            "drain_jobs_per_s")) {
      assertThat(result.get(key).asLong()).as(key).isPositive();
    }
    assertThat(result.get("chain_latency").has("p99Ms")).isTrue();
    assertThat(result.get("scaling").get(0).get("workers").asInt()).isEqualTo(2);
    assertThat(result.get("scaling").get(0).get("warmProcessedPerSecond").asLong()).isPositive();
    assertThat(json.get("targets").get("sqlite_user_path_jobs_per_s").asDouble()).isEqualTo(30_000);
  }

  @Test
  void
      a_heap_over_the_target_in_any_step_is_a_missed_target_and_small_runs_say_what_is_unmeasured() {
    RuntimeReport.Latency fast = new RuntimeReport.Latency(10, 0, 1000, 0.5, 1, 2);
    RuntimeReport.Dag heavy =
        new RuntimeReport.Dag(
            1_000_000,
            3,
            9,
            50_000,
            List.of(
                new RuntimeReport.Memory("build", 700, 640, 900),
                new RuntimeReport.Memory("submit", 900, 800, 1_200),
                new RuntimeReport.Memory("run", 60, 25, 1_200)),
            1_200,
            4_000,
            false);
    RuntimeReport.Measurement measurement =
        new RuntimeReport.Measurement(
            "sync=full",
            false,
            150_000,
            90_000,
            120_000,
            40_000,
            35_000,
            60_000,
            300,
            150_000,
            70_000,
            fast,
            heavy,
            List.of());
    RuntimeReport report =
        new RuntimeReport(
            RuntimeBenchmark.Settings.defaults().withJobs(1_000_000),
            "SQLite files",
            RuntimeReport.Machine.current(),
            MachineLoad.UNKNOWN,
            List.of(measurement));

    assertThat(report.missedTargets())
        .containsExactly("sync=full: the DAG of 1,000,000 jobs did not run within a 256 MB heap");
    assertThat(report.verdict()).doesNotContain("every target").doesNotContain("not measured");

    RuntimeReport small =
        new RuntimeReport(
            RuntimeBenchmark.Settings.defaults().withJobs(100_000),
            "SQLite files",
            RuntimeReport.Machine.current(),
            MachineLoad.UNKNOWN,
            List.of(
                new RuntimeReport.Measurement(
                    "sync=full",
                    false,
                    150_000,
                    90_000,
                    120_000,
                    40_000,
                    35_000,
                    60_000,
                    300,
                    150_000,
                    70_000,
                    fast,
                    new RuntimeReport.Dag(
                        100_000,
                        0.1,
                        0.5,
                        50_000,
                        List.of(new RuntimeReport.Memory("run", 60, 25, 300)),
                        300,
                        256,
                        true),
                    List.of())));
    assertThat(small.verdict())
        .startsWith("every target measured here met")
        .contains("not measured: the heap target of a 1,000,000-job plan");
  }

  @Test
  void the_child_times_the_chain_from_its_parents_end_with_the_clock_both_share() {
    JsonNode parent =
        new ChainHandlers.Parent().handle(JsonNodeFactory.instance.objectNode(), null);
    JsonNode input = JsonNodeFactory.instance.objectNode().set("parent", parent);
    JsonNode child = new ChainHandlers.Child().handle(input, null);
    assertThat(child.get("same_process").asBoolean()).isTrue();
    assertThat(child.get("latency_ns").asLong())
        .isPositive()
        .isLessThan(Duration.ofMinutes(1).toNanos());

    // A parent in another process: its nanoTime means nothing here, its wall clock does.
    long oneSecondAgoUs = ChainHandlers.wallMicros() - 1_000_000;
    JsonNode elsewhere =
        JsonNodeFactory.instance
            .objectNode()
            .put("pid", -1)
            .put("end_ns", Long.MIN_VALUE)
            .put("end_us", oneSecondAgoUs);
    JsonNode crossed =
        new ChainHandlers.Child()
            .handle(JsonNodeFactory.instance.objectNode().set("parent", elsewhere), null);
    assertThat(crossed.get("same_process").asBoolean()).isFalse();
    assertThat(crossed.get("latency_ns").asLong())
        .isBetween(Duration.ofSeconds(1).toNanos(), Duration.ofMinutes(1).toNanos());
  }

  @Test
  void the_memory_sampler_sees_a_peak_between_its_samples_without_forcing_a_gc() throws Exception {
    MemorySampler sampler = MemorySampler.start(Duration.ofHours(1), "quiet");
    sampler.phase("big");
    byte[][] blocks = new byte[64][];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = new byte[1024 * 1024];
    }
    sampler.phase("after"); // takes a sample while the 64 MB are still reachable
    blocks = null;
    Map<String, MemorySampler.Peaks> peaks = sampler.stop();
    assertThat(peaks.keySet()).containsExactly("quiet", "big", "after");
    assertThat(peaks.get("big").heapUsedMb()).isGreaterThanOrEqualTo(64);
    assertThat(peaks.get("big").rssMb()).isPositive();
    assertThat(MemorySampler.peakRssMb()).isPositive();
  }

  @Test
  void the_dag_has_layers_each_job_after_two_of_the_layer_before() {
    Plan dag = BenchProcess.layeredDag(3_000); // layers of 300
    assertThat(dag.jobs()).hasSize(3_000);
    JobSpec first = dag.jobs().get(0);
    JobSpec secondLayer = dag.jobs().get(300);
    assertThat(first.dependsOn()).isEmpty();
    assertThat(dag.jobs().get(299).dependsOn()).isEmpty();
    assertThat(secondLayer.dependsOn()).containsExactly("d0", "d1");
    assertThat(dag.jobs().get(599).dependsOn()).containsExactly("d299", "d0");
  }

  @Test
  void bad_settings_are_refused() {
    assertThatThrownBy(() -> RuntimeBenchmark.Settings.defaults().withJobs(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 100");
    assertThatThrownBy(() -> RuntimeBenchmark.counts("1,two"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--workers is a list of process counts such as 1,2,4, not 1,two");
    assertThatThrownBy(() -> RuntimeBenchmark.Settings.defaults().withWorkerProcesses(List.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--workers counts are 1 to 64, not 0");
  }
}
