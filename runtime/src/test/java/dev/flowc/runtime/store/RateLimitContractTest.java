package dev.flowc.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.dag.Rate;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobView;
import dev.flowc.runtime.RunView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} guarantees of queue rates ({@code rate N/s|m|h}): at most N claims
 * per period across every store object sharing the database, as a token bucket of N tokens that
 * starts full and refills N per period, taken from in the claim. Time is a clock the test moves.
 * Each backend subclasses it with a real store.
 */
public abstract class RateLimitContractTest {
  private static final Instant START = Instant.parse("2026-12-07T08:00:00Z");

  /** A clock the test moves. */
  protected static final class MovingClock extends Clock {
    private final AtomicLong millis = new AtomicLong(START.toEpochMilli());

    void advance(Duration duration) {
      millis.addAndGet(duration.toMillis());
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  protected final MovingClock clock = new MovingClock();
  private JobStore store;

  /** A new, empty store of the backend under test, on {@code clock}. */
  protected abstract JobStore openStore(Clock clock) throws Exception;

  /**
   * Another store object on the database of the last {@link #openStore}, as another process would
   * open it: its own connections (and, on SQLite, its own writer).
   */
  protected abstract JobStore openAgain(Clock clock) throws Exception;

  @BeforeEach
  void openIt() throws Exception {
    store = openStore(clock);
  }

  @AfterEach
  void closeIt() {
    store.close();
  }

  private static Plan plan(List<QueueSpec> queues, Map<String, Integer> jobsPerQueue) {
    List<JobSpec> jobs = new ArrayList<>();
    jobsPerQueue.forEach(
        (queue, count) -> {
          for (int i = 0; i < count; i++) {
            jobs.add(JobSpec.builder(queue + "_" + i, "builtin.noop").queue(queue).build());
          }
        });
    List<QueueSpec> all = new ArrayList<>(List.of(QueueSpec.defaultQueue()));
    all.addAll(queues);
    return new Plan("rates", null, null, Map.of(), all, jobs);
  }

  private RunView submit(List<QueueSpec> queues, Map<String, Integer> jobsPerQueue) {
    return store.createRun(new NewRun(plan(queues, jobsPerQueue), null));
  }

  private static List<ClaimedJob> claim(JobStore from, Clock clock, Set<String> queues, int n) {
    return from.claim(
        new ClaimRequest(
            "w", queues, Set.of(), null, n, clock.instant(), clock.instant().plusSeconds(600)));
  }

  private List<ClaimedJob> claim(String queue, int n) {
    return claim(store, clock, Set.of(queue), n);
  }

  @Test
  void a_rate_gives_its_limit_at_once_then_a_token_per_share_of_the_period() {
    submit(List.of(new QueueSpec("api", null, Rate.perSecond(5))), Map.of("api", 30));

    assertThat(claim("api", 100)).hasSize(5);
    assertThat(claim("api", 100)).isEmpty();
    clock.advance(Duration.ofMillis(199));
    assertThat(claim("api", 100)).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(claim("api", 100)).hasSize(1);
    clock.advance(Duration.ofMillis(600));
    assertThat(claim("api", 100)).hasSize(3);
    // A quiet bucket fills up to its limit, not beyond.
    clock.advance(Duration.ofMinutes(5));
    assertThat(claim("api", 100)).hasSize(5);
    assertThat(claim("api", 100)).isEmpty();
  }

  @Test
  void tokens_taken_by_a_small_claim_leave_the_rest_for_the_next() {
    submit(List.of(new QueueSpec("api", null, Rate.perMinute(6))), Map.of("api", 30));

    assertThat(claim("api", 2)).hasSize(2);
    assertThat(claim("api", 100)).hasSize(4);
    clock.advance(Duration.ofSeconds(25));
    assertThat(claim("api", 100)).hasSize(2);
  }

  @Test
  void a_job_waiting_for_a_token_is_pending_and_has_used_no_attempt() {
    RunView run = submit(List.of(new QueueSpec("api", null, Rate.perHour(1))), Map.of("api", 2));
    claim("api", 10);

    assertThat(claim("api", 10)).isEmpty();

    JobView waiting =
        store.runJobs(run.id()).stream()
            .filter(job -> job.state() == JobState.PENDING)
            .map(job -> store.job(job.id()).orElseThrow())
            .findFirst()
            .orElseThrow();
    assertThat(waiting.summary().attempts()).isZero();
  }

  @Test
  void an_unlimited_queue_beside_a_limited_one_is_not_held_back() {
    submit(
        List.of(new QueueSpec("api", null, Rate.perSecond(2)), new QueueSpec("bulk", null)),
        Map.of("api", 10, "bulk", 50));

    List<ClaimedJob> claimed = new ArrayList<>(claim(store, clock, Set.of(), 40));
    assertThat(claimed).hasSize(40);
    claimed.addAll(claim(store, clock, Set.of("api", "bulk"), 40));
    claimed.addAll(claim(store, clock, Set.of(), 40));

    assertThat(claimed).filteredOn(job -> job.queue().equals("bulk")).hasSize(50);
    assertThat(claimed).filteredOn(job -> job.queue().equals("api")).hasSize(2);
  }

  @Test
  void a_queue_with_a_concurrency_and_a_rate_keeps_both() {
    submit(List.of(new QueueSpec("api", 2, Rate.perSecond(3))), Map.of("api", 10));

    List<ClaimedJob> first = claim("api", 10);
    assertThat(first).hasSize(2);
    for (ClaimedJob job : first) {
      store.complete(job.lease(), null).join();
    }
    // Two places free, one token left.
    assertThat(claim("api", 10)).hasSize(1);
    clock.advance(Duration.ofSeconds(10));
    assertThat(claim("api", 10)).hasSize(1);
  }

  @Test
  void submitting_the_same_rate_again_makes_no_tokens() {
    List<QueueSpec> queues = List.of(new QueueSpec("api", null, Rate.perHour(3)));
    submit(queues, Map.of("api", 10));
    assertThat(claim("api", 10)).hasSize(3);

    submit(queues, Map.of("api", 1));

    assertThat(claim("api", 10)).isEmpty();
  }

  @Test
  void the_latest_submit_sets_the_rate_and_a_lower_one_keeps_at_most_its_limit() {
    submit(List.of(new QueueSpec("api", null, Rate.perSecond(10))), Map.of("api", 40));
    assertThat(claim("api", 4)).hasSize(4);

    submit(List.of(new QueueSpec("api", null, Rate.perSecond(3))), Map.of());
    assertThat(store.queueRates()).containsEntry("api", Rate.perSecond(3));
    assertThat(claim("api", 10)).hasSize(3);
    clock.advance(Duration.ofSeconds(1));
    assertThat(claim("api", 10)).hasSize(3);

    submit(List.of(new QueueSpec("api", null)), Map.of());
    assertThat(store.queueRates()).doesNotContainKey("api");
    assertThat(claim("api", 10)).hasSize(10);
  }

  @Test
  void next_token_at_says_when_an_empty_bucket_gets_a_token_back() {
    submit(
        List.of(
            new QueueSpec("api", null, Rate.perSecond(4)),
            new QueueSpec("slow", null, Rate.perMinute(1))),
        Map.of("api", 10, "slow", 2));
    assertThat(store.nextTokenAt(Set.of())).isEmpty();
    assertThat(store.queueRates())
        .isEqualTo(Map.of("api", Rate.perSecond(4), "slow", Rate.perMinute(1)));

    claim("slow", 10);
    assertThat(store.nextTokenAt(Set.of("api"))).isEmpty();
    assertThat(store.nextTokenAt(Set.of())).contains(clock.instant().plusSeconds(60));

    claim("api", 10);
    assertThat(store.nextTokenAt(Set.of("api", "slow"))).contains(clock.instant().plusMillis(250));
    clock.advance(Duration.ofMillis(100));
    assertThat(store.nextTokenAt(Set.of("api"))).contains(clock.instant().plusMillis(150));
  }

  /**
   * Four store objects (as four processes) claim at once at every step of a clock moved 25 ms at a
   * time, each as much as it can: together they get the full bucket at the first step and then, in
   * any second, at most the rate, and over the whole time the bucket's tokens exactly.
   */
  @Test
  void claims_per_window_never_exceed_the_rate_with_several_claimers() throws Exception {
    int rate = 12;
    int steps = 200; // 5 s
    submit(List.of(new QueueSpec("api", null, Rate.perSecond(rate))), Map.of("api", 200));
    List<JobStore> claimers = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      for (int i = 0; i < 4; i++) {
        claimers.add(openAgain(clock));
      }
      int[] perStep = new int[steps];
      Set<Long> seen = new HashSet<>();
      for (int step = 0; step < steps; step++) {
        if (step > 0) {
          clock.advance(Duration.ofMillis(25));
        }
        List<Future<List<ClaimedJob>>> results = new ArrayList<>();
        for (JobStore claimer : claimers) {
          Callable<List<ClaimedJob>> claimAll =
              () -> {
                List<ClaimedJob> got = new ArrayList<>();
                List<ClaimedJob> some;
                do {
                  some = claim(claimer, clock, Set.of("api"), 2);
                  got.addAll(some);
                } while (!some.isEmpty());
                return got;
              };
          results.add(threads.submit(claimAll));
        }
        for (Future<List<ClaimedJob>> result : results) {
          for (ClaimedJob job : result.get(60, TimeUnit.SECONDS)) {
            assertThat(seen.add(job.id())).as("job %d claimed twice", job.id()).isTrue();
            perStep[step]++;
          }
        }
      }
      assertThat(perStep[0]).isEqualTo(rate);
      for (int from = 1; from + 40 <= steps; from++) {
        int inWindow = 0;
        for (int step = from; step < from + 40; step++) {
          inWindow += perStep[step];
        }
        assertThat(inWindow)
            .as("claims in the second from step %d", from)
            .isLessThanOrEqualTo(rate);
      }
      // The full bucket, then 12 tokens a second for 199 steps of 25 ms.
      assertThat(seen).hasSize(rate + (int) Math.floor(199 * 25 * rate / 1000.0));
    } finally {
      threads.shutdownNow();
      for (JobStore claimer : claimers) {
        claimer.close();
      }
    }
  }
}
