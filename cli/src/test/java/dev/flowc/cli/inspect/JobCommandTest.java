package dev.flowc.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.RuntimePipelines;
import dev.flowc.runtime.AttemptLog;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.LogLine;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCommandTest {
  @TempDir Path dir;

  @Test
  void json_has_every_documented_key_with_ids_as_strings() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.COMPLETES);

    FlowcRun job = store.flowc("job", "2", "--format", "json");

    assertThat(job.exitCode()).as(job.err()).isZero();
    JsonNode load = RuntimePipelines.json(job.out());
    assertThat(load.fieldNames())
        .toIterable()
        .contains(
            "id",
            "run",
            "stage",
            "handler",
            "queue",
            "priority",
            "state",
            "attempts",
            "progress",
            "metadata",
            "dependencies",
            "dependents",
            "input",
            "result",
            "errors");
    assertThat(load.get("id").asText()).isEqualTo("2");
    assertThat(load.get("run").asText()).isEqualTo("1");
    assertThat(load.get("handler").asText()).isEqualTo("builtin.echo");
    assertThat(load.get("dependencies").get(0).isTextual()).isTrue();
    assertThat(load.get("dependencies").get(0).asText()).isEqualTo("1");
    assertThat(load.at("/metadata/table").asText()).isEqualTo("events");
    assertThat(load.at("/result/got/rows").asInt()).isEqualTo(3);
    assertThat(load.get("errors")).isEmpty();
  }

  @Test
  void errors_list_every_failed_attempt_with_its_time() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.FAILS);

    JsonNode extract = RuntimePipelines.json(store.flowc("job", "1", "-f", "json").out());

    assertThat(extract.get("state").asText()).isEqualTo("dead");
    JsonNode error = extract.at("/errors/0");
    assertThat(error.get("attempt").asInt()).isEqualTo(1);
    assertThat(error.get("error").asText()).endsWith("IntentionalFailure");
    assertThat(error.get("message").asText()).isEqualTo("no route to host");
    assertThat(error.get("failed_at").asText()).endsWith("Z");
  }

  @Test
  void text_names_dependencies_by_stage_and_lists_errors() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.FAILS);

    FlowcRun extract = store.flowc("job", "1");
    FlowcRun load = store.flowc("job", "2");

    assertThat(extract.out())
        .startsWith("job 1: extract, dead (run 1)\n")
        .contains("  handler       builtin.fail\n")
        .contains("  dependents    2 (load)\n")
        .containsPattern("errors:\n  attempt 1 at .*\\$IntentionalFailure: no route to host");
    assertThat(load.out())
        .contains("  cancelled by  1 (extract)\n")
        .contains("  depends on    1 (extract)\n");
  }

  @Test
  void an_unknown_job_is_exit_2_in_one_line() {
    InspectFixture store = new InspectFixture(dir);
    store.run(RuntimePipelines.COMPLETES);

    FlowcRun job = store.flowc("job", "77");

    assertThat(job.exitCode()).isEqualTo(2);
    assertThat(job.err()).isEqualTo("flowc: no job 77 in store '" + store.store() + "'\n");
  }

  private static final String TALKS =
      """
      pipeline talks {
        stage talk { handler builtin.noop retries 2 }
      }
      """;

  /**
   * Job 1 of a submitted run, as a worker would have left it: attempt 1 printed nothing and failed,
   * attempt 2 failed after 15 lines and a logged stack trace, attempt 3 completed after more lines
   * than the bound keeps.
   */
  private InspectFixture talkedJob() throws Exception {
    InspectFixture store = new InspectFixture(dir);
    store.submit(TALKS);
    Instant now = Instant.now();
    try (JobStore jobs =
        SqliteJobStore.open(Path.of(store.store()), SyncMode.NORMAL, Clock.systemUTC())) {
      List<LogLine> first = new ArrayList<>();
      for (int i = 1; i <= 15; i++) {
        first.add(new LogLine(now, LogLine.Level.STDOUT, "line " + i));
      }
      first.add(new LogLine(now, LogLine.Level.ERROR, "boom\n\tat etl.Talk.run(Talk.java:9)"));
      ClaimedJob one = claim(jobs, now);
      jobs.fail(one.lease(), error(one, now), now).get();
      ClaimedJob two = claim(jobs, now);
      jobs.fail(two.lease(), error(two, now), now, null, new AttemptLog(2, first, 0, 0)).get();
      ClaimedJob three = claim(jobs, now);
      List<LogLine> cut =
          List.of(
              new LogLine(now, LogLine.Level.STDOUT, "first kept"),
              new LogLine(now, LogLine.Level.STDERR, "last kept"));
      jobs.complete(three.lease(), null, null, new AttemptLog(3, cut, 998, 1)).get();
    }
    return store;
  }

  private static ClaimedJob claim(JobStore jobs, Instant now) {
    return jobs.claim(new ClaimRequest("w", Set.of(), Set.of(), null, 1, now, now.plusSeconds(60)))
        .get(0);
  }

  private static JobError error(ClaimedJob job, Instant now) {
    return new JobError(job.attempt(), "etl.TalkFailed", "attempt " + job.attempt(), "", now, "w");
  }

  @Test
  void logs_show_every_attempt_with_its_failure_its_lines_and_where_lines_were_dropped()
      throws Exception {
    InspectFixture store = talkedJob();

    FlowcRun logs = store.flowc("job", "1", "--logs");

    assertThat(logs.exitCode()).as(logs.err()).isZero();
    String time = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";
    assertThat(logs.out())
        .startsWith(
            "job 1: talk, complete\nattempt 1, failed: etl.TalkFailed: attempt 1\n  no output\n"
                + "attempt 2, failed: etl.TalkFailed: attempt 2\n")
        .containsPattern("\n  " + time + " stdout  line 1\n")
        .containsPattern(
            "\n  "
                + time
                + " ERROR   boom\n                       \tat etl.Talk.run\\(Talk.java:9\\)\n")
        .contains(")\nattempt 3\n")
        .containsPattern(
            " stdout  first kept\n  ... 998 lines omitted \\(only the first and the last are"
                + " kept\\) ...\n  "
                + time
                + " stderr  last kept\n$");
  }

  @Test
  void the_details_end_with_the_last_lines_of_the_last_failed_attempt() throws Exception {
    InspectFixture store = talkedJob();

    FlowcRun job = store.flowc("job", "1");

    assertThat(job.exitCode()).as(job.err()).isZero();
    String shown = job.out().substring(job.out().indexOf("errors:"));
    assertThat(shown)
        .contains("\n  attempt 2 at ")
        .contains("\nlast output of attempt 2:\n")
        .doesNotContain("line 6\n")
        .contains(" stdout  line 7\n")
        .contains(" stdout  line 15\n")
        .contains(" ERROR   boom\n")
        .endsWith("  (16 lines in all: flowc job 1 --logs shows every line kept)\n");
  }

  @Test
  void the_details_of_a_job_that_did_not_fail_count_what_it_wrote() throws Exception {
    InspectFixture store = new InspectFixture(dir);
    store.submit(TALKS);
    Instant now = Instant.now();
    try (JobStore jobs =
        SqliteJobStore.open(Path.of(store.store()), SyncMode.NORMAL, Clock.systemUTC())) {
      ClaimedJob one = claim(jobs, now);
      LogLine line = new LogLine(now, LogLine.Level.INFO, "done");
      jobs.complete(one.lease(), null, null, new AttemptLog(1, List.of(line, line), 5, 1)).get();
    }

    FlowcRun job = store.flowc("job", "1");

    assertThat(job.out())
        .endsWith("  output        7 lines from 1 attempt (flowc job 1 --logs)\n")
        .doesNotContain("done");
  }

  @Test
  void json_has_the_logs_and_logs_as_json_have_only_them() throws Exception {
    InspectFixture store = talkedJob();

    JsonNode job = RuntimePipelines.json(store.flowc("job", "1", "--format", "json").out());
    JsonNode logs = RuntimePipelines.json(store.flowc("job", "1", "--logs", "-f", "json").out());

    assertThat(job.get("logs")).hasSize(2);
    assertThat(job.at("/logs/0/attempt").asInt()).isEqualTo(2);
    assertThat(job.at("/logs/0/lines/0/level").asText()).isEqualTo("stdout");
    assertThat(job.at("/logs/0/lines/0/text").asText()).isEqualTo("line 1");
    assertThat(job.at("/logs/0/lines/0/time").asText()).endsWith("Z");
    assertThat(job.at("/logs/0/omitted_lines").asInt()).isZero();
    assertThat(job.at("/logs/0/omitted_at").isNull()).isTrue();
    assertThat(job.at("/logs/1/attempt").asInt()).isEqualTo(3);
    assertThat(job.at("/logs/1/omitted_lines").asInt()).isEqualTo(998);
    assertThat(job.at("/logs/1/omitted_at").asInt()).isEqualTo(1);
    assertThat(logs.fieldNames()).toIterable().containsExactly("job", "logs");
    assertThat(logs.get("job").asText()).isEqualTo("1");
    assertThat(logs.get("logs")).isEqualTo(job.get("logs"));
  }

  @Test
  void an_error_the_store_recorded_without_a_worker_names_none() {
    InspectFixture store = new InspectFixture(dir);
    store.submit("pipeline p {\n  stage crashy { handler builtin.noop }\n}\n");
    Instant now = Instant.now();
    try (SqliteJobStore opened =
        SqliteJobStore.open(Path.of(store.store()), SyncMode.NORMAL, Clock.systemUTC())) {
      // A worker starts it and is never heard of again: at the cap, the store makes it dead.
      ClaimedJob claimed =
          opened
              .claim(new ClaimRequest("w", Set.of(), Set.of(), null, 1, now, now.plusSeconds(1)))
              .get(0);
      opened.started(claimed.lease(), now).join();
      assertThat(opened.reclaimExpired(now.plusSeconds(2), 1)).isEqualTo(1);
    }

    FlowcRun job = store.flowc("job", "1");

    assertThat(job.out())
        .containsPattern("errors:\n  attempt 1 at [^\n]*\\d: flowc\\.LeaseExpired: the worker")
        .doesNotContain(" on null");
  }
}
