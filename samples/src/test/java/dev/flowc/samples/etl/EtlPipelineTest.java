package dev.flowc.samples.etl;

import static dev.flowc.samples.etl.EtlHandlers.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.CompileResult;
import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.Plan;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.JobView;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.SubmitOptions;
import dev.flowc.runtime.Worker;
import dev.flowc.runtime.WorkerOptions;
import dev.flowc.runtime.handler.HandlerRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code samples/etl/pipeline.flow} on the real runtime: compiled by the compiler, submitted
 * to a SQLite store, worked on by an embedded worker pool calling the sample's handlers.
 */
class EtlPipelineTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String TABLE = "analytics.events";

  @TempDir Path dir;

  private FlowRuntime runtime;
  private Worker worker;
  private Path warehouse;

  @BeforeEach
  void open() {
    warehouse = dir.resolve("warehouse.db");
    runtime =
        FlowRuntime.builder()
            .sqlite(dir.resolve("flowc.db"))
            .handlers(HandlerRegistry.create(getClass().getClassLoader(), List.of(new EtlModule())))
            .open();
    worker = runtime.startWorker(WorkerOptions.of(4));
  }

  @AfterEach
  void close() {
    if (worker != null) {
      worker.close();
    }
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void a_clean_run_loads_the_300_records_of_both_branches() throws Exception {
    RunView run = runtime.submit(plan(Map.of()), new SubmitOptions(Path.of("etl")));

    RunView done = runtime.awaitRun(run.id(), TIMEOUT);

    assertThat(done.status()).isEqualTo(RunStatus.COMPLETE);
    assertThat(done.baseDirectory()).isEqualTo(EtlHandlers.SAMPLE.toString());
    assertThat(runtime.awaitResult(job(run, "load").id(), Duration.ZERO))
        .isEqualTo(JSON.readTree("{\"table\": \"analytics.events\", \"rows_inserted\": 300}"));
    assertThat(rows()).isEqualTo(300);
    assertThat(rows("api-%")).isEqualTo(100);
    assertThat(rows("csv-%")).isEqualTo(200);
    assertThat(runtime.jobs(run.id()))
        .allSatisfy(job -> assertThat(job.state()).isEqualTo(JobState.COMPLETE));
    assertThat(job(run, "normalize_a").progress()).isEqualTo(100);
    assertThat(job(run, "normalize_b").progress()).isEqualTo(100);
  }

  @Test
  void with_api_failures_2_extract_api_completes_on_its_third_attempt() throws Exception {
    RunView run =
        runtime.submit(plan(Map.of("api_failures", "2")), new SubmitOptions(Path.of("etl")));

    RunView done = runtime.awaitRun(run.id(), TIMEOUT);

    assertThat(done.status()).isEqualTo(RunStatus.COMPLETE);
    JobView extract = runtime.job(job(run, "extract_api").id()).orElseThrow();
    assertThat(extract.summary().attempts()).isEqualTo(3);
    assertThat(extract.errors()).extracting(JobError::attempt).containsExactly(1, 2);
    assertThat(extract.errors())
        .extracting(JobError::errorClass)
        .containsOnly(ApiUnavailableException.class.getName());
    assertThat(rows()).isEqualTo(300);
  }

  @Test
  void a_missing_api_file_kills_extract_api_cancels_its_branch_and_resumes_once_it_is_there()
      throws Exception {
    Path base = EtlHandlers.copyData(dir.resolve("base"));
    RunView run =
        runtime.submit(
            plan(Map.of("api_endpoint", "data/missing.json", "api_backoff", "10ms")),
            new SubmitOptions(base));

    RunView failed = runtime.awaitRun(run.id(), TIMEOUT);

    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    JobSummary extract = job(run, "extract_api");
    assertThat(states(run))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "extract_api", JobState.DEAD,
                "extract_csv", JobState.COMPLETE,
                "normalize_a", JobState.CANCELLED,
                "normalize_b", JobState.COMPLETE,
                "load", JobState.CANCELLED));
    assertThat(extract.attempts()).isEqualTo(6);
    assertThat(job(run, "normalize_a").cancelledBy()).isEqualTo(extract.id());
    JobView dead = runtime.job(extract.id()).orElseThrow();
    assertThat(dead.errors()).hasSize(6);
    assertThat(dead.errors().get(5).describe())
        .isEqualTo("java.io.FileNotFoundException: api file data/missing.json does not exist");
    assertThat(runtime.deadLetters(10))
        .anySatisfy(d -> assertThat(d.jobId()).isEqualTo(extract.id()));
    assertThat(Files.exists(warehouse)).isFalse();

    Files.copy(base.resolve("data/api-records.json"), base.resolve("data/missing.json"));
    runtime.retry(extract.id());
    RunView resumed = runtime.awaitRun(run.id(), TIMEOUT);

    assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETE);
    assertThat(job(run, "extract_api").attempts()).as("attempts keep counting").isEqualTo(7);
    assertThat(job(run, "extract_csv").attempts()).isEqualTo(1);
    assertThat(job(run, "normalize_b").attempts()).isEqualTo(1);
    assertThat(
            runtime.awaitResult(job(run, "load").id(), Duration.ZERO).get("rows_inserted").asInt())
        .isEqualTo(300);
    assertThat(rows()).isEqualTo(300);
  }

  /**
   * The sample compiled as {@code flowc compile --param k=v} would, writing to a temporary
   * warehouse.
   */
  private Plan plan(Map<String, String> params) throws IOException {
    Map<String, String> all = new HashMap<>(params);
    all.put("warehouse", warehouse.toString());
    CompileResult compiled =
        FlowCompiler.compile(
            SourceFile.read(EtlHandlers.SAMPLE.resolve("pipeline.flow"), "etl/pipeline.flow"), all);
    assertThat(compiled.diagnostics()).isEmpty();
    return compiled.plan().orElseThrow();
  }

  private JobSummary job(RunView run, String stage) {
    return runtime.jobs(run.id()).stream()
        .filter(job -> job.stage().equals(stage))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no job of stage " + stage));
  }

  private Map<String, JobState> states(RunView run) {
    Map<String, JobState> states = new HashMap<>();
    runtime.jobs(run.id()).forEach(job -> states.put(job.stage(), job.state()));
    return states;
  }

  private int rows() throws Exception {
    return rows("%");
  }

  private int rows(String idPattern) throws Exception {
    return Integer.parseInt(
        LoadToWarehouseTest.query(
                warehouse,
                "SELECT count(*) FROM \"%s\" WHERE event_id LIKE '%s'".formatted(TABLE, idPattern))
            .get(0));
  }
}
