package dev.flowc.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a finished run of the several-machines tests must look like in the store. */
final class RunChecks {
  private RunChecks() {}

  /**
   * The run is complete with every job complete and the results of {@code expected} (stage to
   * result): nothing lost, nothing mixed up.
   */
  static void assertCompleteWith(FlowRuntime runtime, long runId, Map<String, JsonNode> expected) {
    RunView run = runtime.run(runId).orElseThrow();
    assertThat(run.status()).as("run %d", runId).isEqualTo(RunStatus.COMPLETE);
    assertThat(run.unfinished()).as("unfinished jobs of run %d", runId).isZero();
    List<JobSummary> jobs = runtime.jobs(runId);
    assertThat(jobs).hasSize(expected.size());
    assertThat(jobs).allSatisfy(job -> assertThat(job.state()).isEqualTo(JobState.COMPLETE));
    Map<String, JsonNode> results = new HashMap<>();
    for (JobSummary job : jobs) {
      results.put(job.stage(), runtime.job(job.id()).orElseThrow().result());
    }
    assertThat(results).containsOnlyKeys(expected.keySet());
    expected.forEach((stage, result) -> assertThat(results.get(stage)).as(stage).isEqualTo(result));
  }

  /**
   * No completion was counted twice: each dependency of the run released its child exactly once (a
   * parent recorded complete twice would take a child's count of unmet parents below zero). The
   * run's count of unfinished jobs, exactly zero, is {@link #assertCompleteWith}'s.
   */
  static void assertNothingCountedTwice(Connection sql, long runId) throws SQLException {
    try (PreparedStatement statement =
        sql.prepareStatement("SELECT count(*) FROM jobs WHERE run_id = ? AND unmet <> 0")) {
      statement.setLong(1, runId);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        assertThat(rows.getLong(1)).as("jobs of run %d with unmet <> 0", runId).isZero();
      }
    }
  }
}
