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
    assertThat(run.err()).contains("bench: normal: enqueue 300 jobs");
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.get("jobs").asInt()).isEqualTo(300);
    assertThat(report.get("results")).hasSize(1);
    assertThat(report.get("results").get(0).get("sync").asText()).isEqualTo("normal");
    assertThat(report.get("results").get(0).get("processed_jobs_per_s").asLong()).isPositive();
  }

  @Test
  void prints_a_table_by_default() {
    FlowcRun run = FlowcRun.of("bench", "-n", "200", "--sync", "full", "--threads", "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("flowc bench: 200 jobs on a SQLite file store; worker of 2 threads")
        .contains("sync=full")
        .contains("no-op jobs processed")
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
  }
}
