package dev.flowc.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} guarantees of unique jobs ({@link EnqueueRequest#uniqueKey}): while a
 * job with a key is not final, enqueueing the key again returns that job and stores nothing; once
 * it is final, the key makes a new job. Each backend subclasses it with a real store.
 */
public abstract class UniqueJobsContractTest {
  private static final Instant START = Instant.parse("2026-12-07T08:00:00Z");

  private final Clock clock = Clock.fixed(START, ZoneOffset.UTC);
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

  private static EnqueueRequest keyed(String key) {
    return EnqueueRequest.builder("builtin.noop").retries(0).uniqueKey(key).build();
  }

  private List<ClaimedJob> claimAll() {
    return store.claim(
        new ClaimRequest(
            "w", Set.of(), Set.of(), null, 100, clock.instant(), clock.instant().plusSeconds(30)));
  }

  private long jobCount() {
    return store.stats().states().values().stream().mapToLong(Long::longValue).sum();
  }

  private JobState state(long id) {
    return store.job(id).map(JobView::state).orElseThrow();
  }

  @Test
  void a_key_held_by_a_pending_job_returns_that_job_and_stores_nothing() {
    long first = store.enqueue(keyed("invoice-42"));

    assertThat(store.enqueue(keyed("invoice-42"))).isEqualTo(first);
    assertThat(store.enqueue(keyed("invoice-42"))).isEqualTo(first);
    assertThat(jobCount()).isEqualTo(1);
    assertThat(store.enqueue(keyed("invoice-43"))).isNotEqualTo(first);
    assertThat(jobCount()).isEqualTo(2);
  }

  @Test
  void jobs_without_a_key_are_never_merged() {
    EnqueueRequest plain = EnqueueRequest.builder("builtin.noop").build();

    assertThat(store.enqueue(plain)).isNotEqualTo(store.enqueue(plain));
    assertThat(jobCount()).isEqualTo(2);
  }

  @Test
  void a_running_job_holds_its_key_and_a_complete_one_frees_it() {
    long first = store.enqueue(keyed("sync"));
    ClaimedJob running = claimAll().get(0);
    assertThat(running.id()).isEqualTo(first);

    assertThat(store.enqueue(keyed("sync"))).isEqualTo(first);

    assertThat(store.complete(running.lease(), null).join()).isTrue();
    long second = store.enqueue(keyed("sync"));
    assertThat(second).isNotEqualTo(first);
    assertThat(state(second)).isEqualTo(JobState.PENDING);
    assertThat(store.enqueue(keyed("sync"))).isEqualTo(second);
  }

  @Test
  void a_retrying_job_holds_its_key_and_a_dead_one_frees_it() {
    long first =
        store.enqueue(EnqueueRequest.builder("builtin.noop").retries(1).uniqueKey("k").build());
    ClaimedJob attempt = claimAll().get(0);
    store.fail(attempt.lease(), error(attempt), clock.instant().plusSeconds(60)).join();
    assertThat(state(first)).isEqualTo(JobState.RETRYING);
    assertThat(store.enqueue(keyed("k"))).isEqualTo(first);

    store.cancelJob(first);
    assertThat(state(first)).isEqualTo(JobState.CANCELLED);
    long second = store.enqueue(keyed("k"));
    assertThat(second).isNotEqualTo(first);

    ClaimedJob last = claimAll().get(0);
    store.fail(last.lease(), error(last), null).join();
    assertThat(state(second)).isEqualTo(JobState.DEAD);
    assertThat(store.enqueue(keyed("k"))).isNotIn(first, second);
  }

  @Test
  void a_blocked_job_holds_its_key() {
    long parent = store.enqueue(EnqueueRequest.builder("builtin.noop").build());
    long child =
        store.enqueue(
            EnqueueRequest.builder("builtin.noop").dependsOn(parent).uniqueKey("child").build());
    assertThat(state(child)).isEqualTo(JobState.BLOCKED);

    assertThat(store.enqueue(keyed("child"))).isEqualTo(child);
  }

  @Test
  void a_job_cancelled_at_once_by_a_dead_dependency_does_not_hold_its_key() {
    long parent = store.enqueue(EnqueueRequest.builder("builtin.noop").retries(0).build());
    ClaimedJob attempt = claimAll().get(0);
    store.fail(attempt.lease(), error(attempt), null).join();
    long cancelled =
        store.enqueue(
            EnqueueRequest.builder("builtin.noop").dependsOn(parent).uniqueKey("after").build());
    assertThat(state(cancelled)).isEqualTo(JobState.CANCELLED);

    long next = store.enqueue(keyed("after"));
    assertThat(next).isNotEqualTo(cancelled);
    assertThat(state(next)).isEqualTo(JobState.PENDING);
  }

  @Test
  void enqueue_all_merges_duplicates_within_the_batch_and_with_stored_jobs() {
    long stored = store.enqueue(keyed("a"));

    List<Long> ids = store.enqueueAll(List.of(keyed("b"), keyed("a"), keyed("b"), keyed("c")));

    assertThat(ids.get(1)).isEqualTo(stored);
    assertThat(ids.get(2)).isEqualTo(ids.get(0));
    assertThat(new HashSet<>(ids)).hasSize(3);
    assertThat(jobCount()).isEqualTo(3);
  }

  @Test
  void a_later_job_of_the_batch_may_depend_on_a_merged_one() {
    long stored = store.enqueue(keyed("a"));
    ClaimedJob running = claimAll().get(0);

    List<Long> ids =
        store.enqueueAll(
            List.of(
                keyed("a"),
                EnqueueRequest.builder("builtin.noop").dependsOn(stored).uniqueKey("b").build()));

    assertThat(ids.get(0)).isEqualTo(stored);
    assertThat(state(ids.get(1))).isEqualTo(JobState.BLOCKED);
    store.complete(running.lease(), null).join();
    assertThat(state(ids.get(1))).isEqualTo(JobState.PENDING);
  }

  @Test
  void a_refused_batch_stores_none_of_its_keyed_jobs() {
    EnqueueRequest orphan =
        EnqueueRequest.builder("builtin.noop").uniqueKey("x").dependsOn(99_999).build();

    assertThatThrownBy(() -> store.enqueueAll(List.of(keyed("w"), orphan)))
        .isInstanceOf(NoSuchElementException.class);

    assertThat(jobCount()).isZero();
    long w = store.enqueue(keyed("w"));
    assertThat(store.enqueue(keyed("w"))).isEqualTo(w);
  }

  @Test
  void replaying_a_dead_job_whose_key_another_job_holds_is_refused_until_that_one_is_final() {
    long dead = store.enqueue(keyed("report"));
    ClaimedJob attempt = claimAll().get(0);
    store.fail(attempt.lease(), error(attempt), null).join();
    long holder = store.enqueue(keyed("report"));

    assertThatThrownBy(() -> store.replay(dead))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("job " + holder)
        .hasMessageContaining("'report'");
    assertThat(state(dead)).isEqualTo(JobState.DEAD);

    store.cancelJob(holder);
    store.replay(dead);
    assertThat(state(dead)).isEqualTo(JobState.PENDING);
    assertThat(store.enqueue(keyed("report"))).isEqualTo(dead);
  }

  @Test
  void a_cancelled_dependent_whose_key_was_taken_again_stays_cancelled_on_replay() {
    long parent = store.enqueue(EnqueueRequest.builder("builtin.noop").retries(0).build());
    long child =
        store.enqueue(
            EnqueueRequest.builder("builtin.noop").dependsOn(parent).uniqueKey("child").build());
    ClaimedJob attempt = claimAll().get(0);
    store.fail(attempt.lease(), error(attempt), null).join();
    assertThat(state(child)).isEqualTo(JobState.CANCELLED);
    long again = store.enqueue(keyed("child"));

    store.replay(parent);

    assertThat(state(parent)).isEqualTo(JobState.PENDING);
    assertThat(state(child)).isEqualTo(JobState.CANCELLED);
    assertThat(state(again)).isEqualTo(JobState.PENDING);
  }

  @Test
  void an_empty_key_is_refused() {
    assertThatThrownBy(() -> keyed("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void racing_enqueues_of_one_key_from_several_store_objects_make_one_job() throws Exception {
    int racers = 4;
    int keys = 30;
    List<JobStore> stores = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(racers);
    try {
      for (int i = 0; i < racers; i++) {
        stores.add(openAgain(clock));
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<Long>>> results = new ArrayList<>();
      for (JobStore racer : stores) {
        results.add(
            threads.submit(
                () -> {
                  go.await();
                  List<Long> ids = new ArrayList<>();
                  for (int k = 0; k < keys; k++) {
                    // Half one by one, half in batches that repeat the key.
                    ids.add(
                        k % 2 == 0
                            ? racer.enqueue(keyed("race-" + k))
                            : racer
                                .enqueueAll(List.of(keyed("race-" + k), keyed("race-" + k)))
                                .get(1));
                  }
                  return ids;
                }));
      }
      go.countDown();
      List<List<Long>> all = new ArrayList<>();
      for (Future<List<Long>> result : results) {
        all.add(result.get(60, TimeUnit.SECONDS));
      }
      for (List<Long> ids : all) {
        assertThat(ids).isEqualTo(all.get(0));
      }
      assertThat(new HashSet<>(all.get(0))).hasSize(keys);
      assertThat(jobCount()).isEqualTo(keys);
    } finally {
      threads.shutdownNow();
      for (JobStore racer : stores) {
        racer.close();
      }
    }
  }

  private JobError error(ClaimedJob job) {
    return new JobError(job.attempt(), "java.io.IOException", "io", "trace", clock.instant(), "w");
  }
}
