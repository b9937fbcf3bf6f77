package dev.flowc.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.dag.Schedule;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.ScheduleView;
import dev.flowc.runtime.ScheduledPlan;
import dev.flowc.runtime.TickOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} guarantees for deployed schedules (docs/runtime.md, "Schedules"):
 * deploy, pause, remove, and the firing of due ticks with their catch-up and overlap policies and
 * daylight-saving changes. Time is passed in ("now"), never waited for.
 */
public abstract class SchedulesContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JobStore store;

  /** A new, empty store of the backend under test. */
  protected abstract JobStore openStore(Clock clock) throws Exception;

  @BeforeEach
  void openIt() throws Exception {
    store = openStore(Clock.fixed(Instant.parse("2026-12-07T04:00:00Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void closeIt() {
    store.close();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  /** A pipeline whose first stage's input shows the run's key and tick. */
  private static Plan plan(String pipeline) {
    return new Plan(
        pipeline,
        null,
        null,
        Map.of("full_refresh", json("true")),
        List.of(new QueueSpec("default", null)),
        List.of(
            JobSpec.builder("extract", "builtin.noop")
                .input(json("{'key': {'$run': 'key'}, 'tick': {'$run': 'scheduled_at'}}"))
                .build(),
            JobSpec.builder("load", "builtin.noop").dependsOn("extract").build()));
  }

  private static ScheduledPlan scheduled(
      String name,
      String pipeline,
      String cron,
      String zone,
      Schedule.Catchup catchup,
      Schedule.Overlap overlap) {
    return new ScheduledPlan(
        new Schedule(name, cron, zone, catchup, overlap, Map.of()), plan(pipeline), "/data/etl");
  }

  private static ScheduledPlan hourly(String name, Schedule.Catchup catchup, Schedule.Overlap o) {
    return scheduled(name, "etl", "0 * * * *", "UTC", catchup, o);
  }

  private ScheduleView schedule(String name) {
    return store.schedules().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private List<Instant> ticksOf(List<TickOutcome> outcomes) {
    return outcomes.stream().filter(o -> o.runId() != null).map(TickOutcome::tick).toList();
  }

  @Test
  void a_deployed_schedule_waits_for_its_first_tick_after_the_deploy() {
    List<ScheduleView> deployed =
        store.deploy(
            "etl",
            List.of(
                scheduled(
                    "nightly",
                    "etl",
                    "0 2 * * *",
                    "Europe/Berlin",
                    Schedule.Catchup.LATEST,
                    Schedule.Overlap.SKIP)),
            at("2026-12-07T10:00:00Z"));

    assertThat(deployed)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.name()).isEqualTo("nightly");
              assertThat(s.pipeline()).isEqualTo("etl");
              assertThat(s.nextTick()).isEqualTo(at("2026-12-08T01:00:00Z"));
              assertThat(s.paused()).isFalse();
              assertThat(s.lastRunId()).isNull();
              assertThat(s.revision()).isEqualTo(1);
            });
    // The tick of this night, 02:00 Berlin, was before the deploy: it does not fire.
    assertThat(store.fireDueSchedules(at("2026-12-07T10:00:01Z"))).isEmpty();
    assertThat(store.runs(10)).isEmpty();
  }

  @Test
  void a_due_tick_makes_one_run_with_the_key_and_tick_of_the_schedule() {
    store.deploy(
        "etl",
        List.of(hourly("hourly", Schedule.Catchup.LATEST, Schedule.Overlap.ALLOW)),
        at("2026-12-07T10:00:30Z"));

    List<TickOutcome> fired = store.fireDueSchedules(at("2026-12-07T11:00:00.400Z"));
    List<TickOutcome> again = store.fireDueSchedules(at("2026-12-07T11:00:02Z"));

    assertThat(fired)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.schedule()).isEqualTo("hourly");
              assertThat(o.tick()).isEqualTo(at("2026-12-07T11:00:00Z"));
              assertThat(o.runId()).isNotNull();
            });
    assertThat(again).isEmpty();
    RunView run = store.run(fired.get(0).runId()).orElseThrow();
    assertThat(run.key()).isEqualTo("schedule:hourly:2026-12-07T11:00:00Z");
    assertThat(run.scheduledAt()).isEqualTo(at("2026-12-07T11:00:00Z"));
    assertThat(run.baseDirectory()).isEqualTo("/data/etl");
    assertThat(run.params()).isEqualTo(json("{'full_refresh': true}"));
    long extract = store.runJobs(run.id()).get(0).id();
    assertThat(store.job(extract).orElseThrow().input())
        .isEqualTo(
            json(
                "{'key': 'schedule:hourly:2026-12-07T11:00:00Z', 'tick': '2026-12-07T11:00:00Z'}"));
    ScheduleView after = schedule("hourly");
    assertThat(after.nextTick()).isEqualTo(at("2026-12-07T12:00:00Z"));
    assertThat(after.lastTick()).isEqualTo(at("2026-12-07T11:00:00Z"));
    assertThat(after.lastRunId()).isEqualTo(run.id());
    assertThat(after.lastRunStatus()).isEqualTo(RunStatus.RUNNING);
    assertThat(store.runs(10)).hasSize(1);
  }

  @Test
  void firers_on_several_threads_at_once_make_one_run_per_tick() throws Exception {
    store.deploy(
        "etl",
        List.of(
            hourly("a", Schedule.Catchup.ALL, Schedule.Overlap.ALLOW),
            hourly("b", Schedule.Catchup.LATEST, Schedule.Overlap.ALLOW)),
        at("2026-12-07T10:00:30Z"));
    int threads = 6;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<List<TickOutcome>>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.fireDueSchedules(at("2026-12-07T13:00:01Z"));
                }));
      }
      start.countDown();
      List<TickOutcome> all = new ArrayList<>();
      for (var result : results) {
        all.addAll(result.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }
      // a: 11:00, 12:00, 13:00; b: 13:00.
      assertThat(all).filteredOn(o -> o.runId() != null).hasSize(4);
      assertThat(store.runs(100)).hasSize(4);
      assertThat(store.runs(100))
          .extracting(RunView::key)
          .containsExactlyInAnyOrder(
              "schedule:a:2026-12-07T11:00:00Z",
              "schedule:a:2026-12-07T12:00:00Z",
              "schedule:a:2026-12-07T13:00:00Z",
              "schedule:b:2026-12-07T13:00:00Z");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void catchup_latest_makes_one_run_for_the_most_recent_missed_tick() {
    store.deploy(
        "etl",
        List.of(hourly("hourly", Schedule.Catchup.LATEST, Schedule.Overlap.ALLOW)),
        at("2026-12-07T10:00:30Z"));

    List<TickOutcome> fired = store.fireDueSchedules(at("2026-12-07T15:30:00Z"));

    assertThat(ticksOf(fired)).containsExactly(at("2026-12-07T15:00:00Z"));
    ScheduleView after = schedule("hourly");
    assertThat(after.nextTick()).isEqualTo(at("2026-12-07T16:00:00Z"));
    assertThat(after.skippedTick()).isEqualTo(at("2026-12-07T14:00:00Z"));
    assertThat(after.skippedReason()).contains("missed").contains("catchup latest");
  }

  @Test
  void catchup_all_makes_one_run_per_missed_tick_oldest_first() {
    store.deploy(
        "etl",
        List.of(hourly("hourly", Schedule.Catchup.ALL, Schedule.Overlap.ALLOW)),
        at("2026-12-07T10:00:30Z"));

    List<TickOutcome> fired = store.fireDueSchedules(at("2026-12-07T14:30:00Z"));

    assertThat(ticksOf(fired))
        .containsExactly(
            at("2026-12-07T11:00:00Z"),
            at("2026-12-07T12:00:00Z"),
            at("2026-12-07T13:00:00Z"),
            at("2026-12-07T14:00:00Z"));
    assertThat(fired.stream().map(TickOutcome::runId).toList()).isSorted();
    assertThat(schedule("hourly").skippedTick()).isNull();
  }

  @Test
  void catchup_all_makes_at_most_a_thousand_runs_the_latest_ones() {
    store.deploy(
        "etl",
        List.of(
            scheduled(
                "minutely",
                "etl",
                "* * * * *",
                "UTC",
                Schedule.Catchup.ALL,
                Schedule.Overlap.ALLOW)),
        at("2026-12-07T10:00:30Z"));

    // 1,200 ticks missed: 10:01 to 06:00 the next day.
    List<TickOutcome> fired = store.fireDueSchedules(at("2026-12-08T06:00:10Z"));

    List<Instant> ticks = ticksOf(fired);
    assertThat(ticks).hasSize(Schedule.MAX_CATCHUP_RUNS).isSorted();
    assertThat(ticks.get(ticks.size() - 1)).isEqualTo(at("2026-12-08T06:00:00Z"));
    assertThat(ticks.get(0)).isEqualTo(at("2026-12-08T06:00:00Z").minusSeconds(60 * 999));
    assertThat(schedule("minutely").skippedTick())
        .isEqualTo(at("2026-12-08T06:00:00Z").minusSeconds(60 * 1000));
  }

  @Test
  void catchup_none_fires_a_tick_that_is_due_now_and_drops_missed_ones() {
    store.deploy(
        "etl",
        List.of(hourly("hourly", Schedule.Catchup.NONE, Schedule.Overlap.ALLOW)),
        at("2026-12-07T10:00:30Z"));

    List<TickOutcome> onTime = store.fireDueSchedules(at("2026-12-07T11:00:20Z"));
    List<TickOutcome> late = store.fireDueSchedules(at("2026-12-07T15:30:00Z"));

    assertThat(ticksOf(onTime)).containsExactly(at("2026-12-07T11:00:00Z"));
    assertThat(late).isEmpty();
    ScheduleView after = schedule("hourly");
    assertThat(after.nextTick()).isEqualTo(at("2026-12-07T16:00:00Z"));
    assertThat(after.skippedTick()).isEqualTo(at("2026-12-07T15:00:00Z"));
    assertThat(after.skippedReason()).contains("catchup none");
    assertThat(store.runs(10)).hasSize(1);
  }

  @Test
  void overlap_skip_records_a_tick_skipped_while_the_previous_run_has_not_ended() {
    store.deploy(
        "etl",
        List.of(hourly("hourly", Schedule.Catchup.LATEST, Schedule.Overlap.SKIP)),
        at("2026-12-07T10:00:30Z"));
    long first = store.fireDueSchedules(at("2026-12-07T11:00:01Z")).get(0).runId();

    List<TickOutcome> whileRunning = store.fireDueSchedules(at("2026-12-07T12:00:01Z"));
    store.cancelRun(first);
    List<TickOutcome> afterItEnded = store.fireDueSchedules(at("2026-12-07T13:00:01Z"));

    assertThat(whileRunning)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.runId()).isNull();
              assertThat(o.skippedReason()).isEqualTo("run %d still running".formatted(first));
            });
    assertThat(ticksOf(afterItEnded)).containsExactly(at("2026-12-07T13:00:00Z"));
    ScheduleView after = schedule("hourly");
    assertThat(after.skippedTick()).isEqualTo(at("2026-12-07T12:00:00Z"));
    assertThat(after.skippedReason()).isEqualTo("run %d still running".formatted(first));
    assertThat(after.lastRunId()).isEqualTo(afterItEnded.get(0).runId());
  }

  @Test
  void overlap_allow_starts_a_run_while_the_previous_one_runs() {
    store.deploy(
        "etl",
        List.of(hourly("hourly", Schedule.Catchup.LATEST, Schedule.Overlap.ALLOW)),
        at("2026-12-07T10:00:30Z"));
    store.fireDueSchedules(at("2026-12-07T11:00:01Z"));

    assertThat(ticksOf(store.fireDueSchedules(at("2026-12-07T12:00:01Z"))))
        .containsExactly(at("2026-12-07T12:00:00Z"));
    assertThat(store.runs(10)).extracting(RunView::status).containsOnly(RunStatus.RUNNING);
  }

  @Test
  void a_paused_schedule_fires_nothing_and_catches_up_when_resumed() {
    store.deploy(
        "etl",
        List.of(hourly("hourly", Schedule.Catchup.LATEST, Schedule.Overlap.ALLOW)),
        at("2026-12-07T10:00:30Z"));

    store.pauseSchedule("hourly", true);
    List<TickOutcome> paused = store.fireDueSchedules(at("2026-12-07T11:00:01Z"));
    assertThat(schedule("hourly").paused()).isTrue();
    store.pauseSchedule("hourly", false);
    List<TickOutcome> resumed = store.fireDueSchedules(at("2026-12-07T13:30:00Z"));

    assertThat(paused).isEmpty();
    assertThat(ticksOf(resumed)).containsExactly(at("2026-12-07T13:00:00Z"));
    assertThatThrownBy(() -> store.pauseSchedule("nope", true))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no schedule 'nope'");
    assertThatThrownBy(() -> store.removeSchedule("nope"))
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void a_berlin_time_missing_in_the_spring_fires_once_when_the_clocks_jump() {
    // 2026-03-29: Berlin's clocks go from 02:00 CET to 03:00 CEST; 02:30 does not exist.
    store.deploy(
        "etl",
        List.of(
            scheduled(
                "half_past_two",
                "etl",
                "30 2 * * *",
                "Europe/Berlin",
                Schedule.Catchup.ALL,
                Schedule.Overlap.ALLOW)),
        at("2026-03-28T12:00:00Z"));
    assertThat(schedule("half_past_two").nextTick()).isEqualTo(at("2026-03-29T01:00:00Z"));

    List<TickOutcome> fired = store.fireDueSchedules(at("2026-03-29T01:00:05Z"));
    List<TickOutcome> later = store.fireDueSchedules(at("2026-03-29T23:00:00Z"));

    assertThat(ticksOf(fired)).containsExactly(at("2026-03-29T01:00:00Z"));
    assertThat(later).isEmpty();
    assertThat(schedule("half_past_two").nextTick()).isEqualTo(at("2026-03-30T00:30:00Z"));
  }

  @Test
  void a_berlin_time_repeated_in_the_autumn_fires_once() {
    // 2026-10-25: Berlin's clocks go from 03:00 CEST back to 02:00 CET; 02:30 happens twice.
    store.deploy(
        "etl",
        List.of(
            scheduled(
                "half_past_two",
                "etl",
                "30 2 * * *",
                "Europe/Berlin",
                Schedule.Catchup.ALL,
                Schedule.Overlap.ALLOW)),
        at("2026-10-24T12:00:00Z"));

    List<TickOutcome> first = store.fireDueSchedules(at("2026-10-25T00:30:05Z"));
    List<TickOutcome> second = store.fireDueSchedules(at("2026-10-25T01:30:05Z"));

    assertThat(ticksOf(first)).containsExactly(at("2026-10-25T00:30:00Z"));
    assertThat(second).isEmpty();
    assertThat(schedule("half_past_two").nextTick()).isEqualTo(at("2026-10-26T01:30:00Z"));
    assertThat(store.runs(10)).hasSize(1);
  }

  @Test
  void
      redeploying_removes_dropped_schedules_keeps_the_state_of_kept_ones_and_retimes_changed_ones() {
    store.deploy(
        "etl",
        List.of(
            hourly("kept", Schedule.Catchup.LATEST, Schedule.Overlap.ALLOW),
            hourly("retimed", Schedule.Catchup.LATEST, Schedule.Overlap.ALLOW),
            hourly("dropped", Schedule.Catchup.LATEST, Schedule.Overlap.ALLOW)),
        at("2026-12-07T10:00:30Z"));
    List<TickOutcome> fired = store.fireDueSchedules(at("2026-12-07T11:00:01Z"));
    store.pauseSchedule("kept", true);

    List<ScheduleView> redeployed =
        store.deploy(
            "etl",
            List.of(
                hourly("kept", Schedule.Catchup.ALL, Schedule.Overlap.SKIP),
                scheduled(
                    "retimed",
                    "etl",
                    "15 */6 * * *",
                    "UTC",
                    Schedule.Catchup.LATEST,
                    Schedule.Overlap.ALLOW)),
            at("2026-12-07T11:30:00Z"));

    assertThat(fired).hasSize(3);
    assertThat(redeployed).extracting(ScheduleView::name).containsExactly("kept", "retimed");
    ScheduleView kept = schedule("kept");
    assertThat(kept.paused()).isTrue();
    assertThat(kept.catchup()).isEqualTo("all");
    assertThat(kept.overlap()).isEqualTo("skip");
    assertThat(kept.lastTick()).isEqualTo(at("2026-12-07T11:00:00Z"));
    assertThat(kept.nextTick()).isEqualTo(at("2026-12-07T12:00:00Z"));
    assertThat(kept.revision()).isEqualTo(2);
    assertThat(schedule("retimed").nextTick()).isEqualTo(at("2026-12-07T12:15:00Z"));
    assertThat(schedule("retimed").lastTick()).isEqualTo(at("2026-12-07T11:00:00Z"));
    assertThat(store.schedules()).extracting(ScheduleView::name).doesNotContain("dropped");
    assertThat(store.runs(10)).hasSize(3);
  }

  @Test
  void a_schedule_name_of_another_pipeline_is_refused_and_nothing_is_stored() {
    store.deploy(
        "etl",
        List.of(hourly("nightly", Schedule.Catchup.LATEST, Schedule.Overlap.SKIP)),
        at("2026-12-07T10:00:30Z"));

    assertThatThrownBy(
            () ->
                store.deploy(
                    "other",
                    List.of(
                        scheduled(
                            "fresh",
                            "other",
                            "0 * * * *",
                            "UTC",
                            Schedule.Catchup.LATEST,
                            Schedule.Overlap.SKIP),
                        scheduled(
                            "nightly",
                            "other",
                            "0 * * * *",
                            "UTC",
                            Schedule.Catchup.LATEST,
                            Schedule.Overlap.SKIP)),
                    at("2026-12-07T10:00:40Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("schedule 'nightly' is deployed for pipeline 'etl' already");
    assertThat(store.schedules()).extracting(ScheduleView::name).containsExactly("nightly");
    assertThat(schedule("nightly").pipeline()).isEqualTo("etl");
  }

  @Test
  void a_removed_schedule_fires_nothing_and_its_runs_stay() {
    store.deploy(
        "etl",
        List.of(hourly("hourly", Schedule.Catchup.LATEST, Schedule.Overlap.ALLOW)),
        at("2026-12-07T10:00:30Z"));
    store.fireDueSchedules(at("2026-12-07T11:00:01Z"));

    store.removeSchedule("hourly");

    assertThat(store.schedules()).isEmpty();
    assertThat(store.fireDueSchedules(at("2026-12-07T12:00:01Z"))).isEmpty();
    assertThat(store.runs(10)).hasSize(1);
  }
}
