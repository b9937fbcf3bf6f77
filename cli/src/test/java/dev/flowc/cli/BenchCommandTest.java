package dev.flowc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

  @Test
  void prints_the_report_as_json_and_progress_on_stderr() throws Exception {
    FlowcRun run = FlowcRun.of("bench", "--jobs", "300", "--sync", "normal", "--format", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("bench: sync=normal: enqueueAll 300 jobs");
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.get("jobs").asInt()).isEqualTo(300);
    assertThat(report.get("results")).hasSize(1);
    assertThat(report.get("results").get(0).get("name").asText()).isEqualTo("sync=normal");
    assertThat(report.get("results").get(0).get("user_path_jobs_per_s").asLong()).isPositive();
  }

  @Test
  void prints_a_table_by_default() {
    FlowcRun run = FlowcRun.of("bench", "-n", "200", "--sync", "full", "--threads", "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("flowc bench: 200 jobs; SQLite files in ")
        .contains("worker of 2 threads, prefetch default")
        .contains("sync=full")
        .contains("user path: enqueue 1 by 1 -> last completion")
        .doesNotContain("sync=normal");
  }

  @Test
  void a_bad_option_value_is_a_usage_error() {
    FlowcRun sync = FlowcRun.of("bench", "--sync", "fast");
    assertThat(sync.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(sync.err())
        .isEqualTo(
            "flowc: invalid value for option '--sync': expected one of normal, full, not 'fast'"
                + " (see 'flowc bench --help')\n");

    FlowcRun jobs = FlowcRun.of("bench", "--jobs", "5");
    assertThat(jobs.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(jobs.err()).isEqualTo("flowc: --jobs must be at least 100, not 5\n");

    FlowcRun workers = FlowcRun.of("bench", "--workers", "1,x");
    assertThat(workers.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(workers.err())
        .isEqualTo("flowc: --workers is a list of process counts such as 1,2,4, not 1,x\n");

    FlowcRun store = FlowcRun.of("bench", "--store", "mysql://db");
    assertThat(store.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(store.err())
        .isEqualTo(
            "flowc: --store is a jdbc:postgresql://HOST[:PORT]/DATABASE URL, or sqlite (the"
                + " default)\n");
  }
}
