package dev.flowc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.dag.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ScheduleFirerTest extends RuntimeTestSupport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Plan plan() throws Exception {
    return new Plan(
        "nightly_etl",
        null,
        null,
        Map.of(),
        List.of(new QueueSpec("default", null)),
        List.of(
            JobSpec.builder("stamp", "builtin.echo")
                .input(
                    JSON.readTree(
                        "{\"key\": {\"$run\": \"key\"}, \"day\": {\"$run\": \"scheduled_at\"}}"))
                .build()));
  }

  @Test
  void the_firer_makes_the_tick_a_clock_reaches_and_its_stage_sees_the_run_key_and_tick()
      throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-12-07T23:00:00Z"));
    FlowRuntime runtime = open();
    runtime.deploy(
        "nightly_etl",
        List.of(
            new ScheduledPlan(
                new Schedule(
                    "nightly",
                    "0 2 * * *",
                    "Europe/Berlin",
                    Schedule.Catchup.LATEST,
                    Schedule.Overlap.SKIP,
                    Map.of()),
                plan(),
                null)),
        clock.instant());
    List<TickOutcome> heard = new CopyOnWriteArrayList<>();
    try (Worker worker = runtime.startWorker(WorkerOptions.of(1));
        ScheduleFirer firer =
            runtime.startScheduleFirer(clock, Duration.ofMillis(20), heard::add)) {
      assertThat(runtime.runs(10)).isEmpty();

      clock.advance(Duration.ofHours(2)); // 01:00 UTC, 02:00 in Berlin
      await("the tick made a run", () -> !runtime.runs(10).isEmpty());

      RunView run = finish(runtime, runtime.runs(10).get(0));
      JsonNode result = runtime.awaitResult(job(runtime, run.id(), "stamp").id(), WAIT);
      assertThat(result)
          .isEqualTo(
              JSON.readTree(
                  "{\"key\": \"schedule:nightly:2026-12-08T01:00:00Z\","
                      + " \"day\": \"2026-12-08T01:00:00Z\"}"));
      assertThat(run.key()).isEqualTo("schedule:nightly:2026-12-08T01:00:00Z");
      // The firer tells its listener after the tick's commit, on its own thread: the run may
      // be seen, and even finish, before that.
      await("the firer told of the tick", () -> !heard.isEmpty());
      assertThat(heard)
          .containsExactly(
              new TickOutcome("nightly", Instant.parse("2026-12-08T01:00:00Z"), run.id(), null));
    }
    assertThat(runtime.runs(10)).hasSize(1);
  }
}
