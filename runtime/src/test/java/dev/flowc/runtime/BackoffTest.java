package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.dag.Backoff;
import dev.flowc.runtime.worker.BackoffDelays;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest extends RuntimeTestSupport {

  @Test
  void exponential_ceilings_double_up_to_the_maximum() {
    Backoff backoff = Backoff.exponential(1_000, 5_000);
    assertThat(BackoffDelays.ceilingMs(backoff, 1)).isEqualTo(1_000);
    assertThat(BackoffDelays.ceilingMs(backoff, 2)).isEqualTo(2_000);
    assertThat(BackoffDelays.ceilingMs(backoff, 3)).isEqualTo(4_000);
    assertThat(BackoffDelays.ceilingMs(backoff, 4)).isEqualTo(5_000);
    assertThat(BackoffDelays.ceilingMs(backoff, 1_000)).isEqualTo(5_000);
  }

  @Test
  void full_jitter_stays_within_zero_and_the_ceiling_and_spreads_over_it() {
    Backoff backoff = Backoff.exponential(1_000, 60_000);
    Random random = new Random(42);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 10_000; i++) {
      long delay = BackoffDelays.delayMs(backoff, 3, random);
      assertThat(delay).isBetween(0L, 4_000L);
      min = Math.min(min, delay);
      max = Math.max(max, delay);
    }
    assertThat(min).isLessThan(100);
    assertThat(max).isGreaterThan(3_900);
  }

  @Test
  void a_fixed_backoff_waits_exactly_its_delay() {
    assertThat(BackoffDelays.delayMs(Backoff.fixed(250), 7, new Random())).isEqualTo(250);
  }

  @Test
  void retries_are_scheduled_within_their_backoff_bounds_on_the_runtime_clock() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    FlowRuntime runtime = track(builder().clock(clock).open());
    runtime.startWorker(WorkerOptions.of(1));
    RunView run =
        runtime.submit(
            plan()
                .job(
                    stage("flaky", "builtin.fail", "{'message': 'later', 'times': 2}")
                        .retries(3)
                        .backoff(Backoff.exponential(1_000, 60_000)))
                .build());
    long id = job(runtime, run.id(), "flaky").id();

    awaitState(runtime, id, JobState.RETRYING);
    JobView first = runtime.job(id).orElseThrow();
    assertThat(Duration.between(first.errors().get(0).failedAt(), first.summary().runAt()))
        .isBetween(Duration.ZERO, Duration.ofMillis(1_000));

    clock.advance(Duration.ofMillis(1_000));
    await("the second attempt failed", () -> runtime.job(id).orElseThrow().errors().size() == 2);
    awaitState(runtime, id, JobState.RETRYING);
    JobView second = runtime.job(id).orElseThrow();
    assertThat(Duration.between(second.errors().get(1).failedAt(), second.summary().runAt()))
        .isBetween(Duration.ZERO, Duration.ofMillis(2_000));

    clock.advance(Duration.ofMillis(2_000));
    awaitState(runtime, id, JobState.COMPLETE);
    assertThat(runtime.job(id).orElseThrow().summary().attempts()).isEqualTo(3);
  }

  @Test
  void a_retry_is_not_claimed_before_it_is_due() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    FlowRuntime runtime = track(builder().clock(clock).open());
    Worker worker = runtime.startWorker(WorkerOptions.of(1));
    RunView run =
        runtime.submit(
            plan()
                .job(
                    stage("flaky", "builtin.fail", "{'message': 'later', 'times': 1}")
                        .retries(1)
                        .backoff(Backoff.fixed(60_000)))
                .build());
    long id = job(runtime, run.id(), "flaky").id();
    awaitState(runtime, id, JobState.RETRYING);
    await("the first attempt is counted", () -> worker.processed() == 1);

    // Several idle polls of the worker (every 50 ms) go by; the retry is due in a minute of
    // runtime time, so it stays where it is.
    assertThat(worker.awaitDrained(Duration.ofMillis(300))).isFalse();
    assertThat(runtime.job(id).orElseThrow().state()).isEqualTo(JobState.RETRYING);
    assertThat(worker.processed()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(1));
    awaitState(runtime, id, JobState.COMPLETE);
  }
}
