package dev.flowc.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.dag.Backoff;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.AttemptLog;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.JobView;
import dev.flowc.runtime.LogLine;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} guarantees, on its own, without workers. Each backend subclasses it
 * with a real store.
 */
public abstract class JobStoreContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  /** A clock the test moves. */
  protected static final class TestClock extends Clock {
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

  protected final TestClock clock = new TestClock();
  private JobStore store;

  /** A new, empty store of the backend under test, on {@code clock}. */
  protected abstract JobStore openStore(Clock clock) throws Exception;

  @BeforeEach
  void openIt() throws Exception {
    store = openStore(clock);
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

  private static JobSpec.Builder job(String stage, String... after) {
    return JobSpec.builder(stage, "builtin.noop").retries(1).dependsOn(after);
  }

  private RunView submit(JobSpec.Builder... jobs) {
    List<JobSpec> specs = java.util.Arrays.stream(jobs).map(JobSpec.Builder::build).toList();
    Plan plan =
        new Plan(
            "contract",
            null,
            null,
            Map.of(),
            List.of(new QueueSpec("default", null), new QueueSpec("load", 1)),
            specs);
    return store.createRun(new NewRun(plan, "/data/etl"));
  }

  private List<ClaimedJob> claim(String owner, int limit) {
    return store.claim(
        new ClaimRequest(
            owner,
            Set.of(),
            Set.of(),
            null,
            limit,
            clock.instant(),
            clock.instant().plusSeconds(30)));
  }

  private JobSummary summary(long runId, String stage) {
    return store.runJobs(runId).stream()
        .filter(j -> j.stage().equals(stage))
        .findFirst()
        .orElseThrow();
  }

  private JobError error(ClaimedJob job) {
    return new JobError(job.attempt(), "java.io.IOException", "io", "trace", clock.instant(), "w");
  }

  @Test
  void a_new_run_has_ready_roots_and_blocked_dependents_in_topological_id_order() {
    RunView run = submit(job("a"), job("b", "a"), job("c", "a", "b"));
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.jobs()).isEqualTo(3);
    assertThat(run.baseDirectory()).isEqualTo("/data/etl");
    assertThat(store.runJobs(run.id()))
        .extracting(JobSummary::stage, JobSummary::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", JobState.PENDING),
            org.assertj.core.groups.Tuple.tuple("b", JobState.BLOCKED),
            org.assertj.core.groups.Tuple.tuple("c", JobState.BLOCKED));
    assertThat(store.queueConcurrency()).containsExactly(Map.entry("load", 1));
  }

  @Test
  void claims_take_priority_then_run_at_then_age_and_only_due_ready_jobs() {
    RunView run =
        submit(job("low").priority(-1), job("first"), job("high").priority(7), job("second"));
    List<ClaimedJob> claimed = claim("w1", 3);
    assertThat(claimed).extracting(ClaimedJob::stage).containsExactly("high", "first", "second");
    assertThat(claimed).allSatisfy(j -> assertThat(j.attempt()).isEqualTo(1));
    assertThat(claimed.get(0).baseDirectory()).isEqualTo("/data/etl");
    assertThat(claim("w2", 10)).extracting(ClaimedJob::stage).containsExactly("low");
    assertThat(claim("w3", 10)).isEmpty();
    assertThat(summary(run.id(), "high").state()).isEqualTo(JobState.RUNNING);
  }

  @Test
  void claims_filter_by_queue_exclusion_and_run() {
    RunView run = submit(job("a"), job("b").queue("load"));
    RunView other = submit(job("x"));
    ClaimRequest onlyLoad =
        new ClaimRequest("w", Set.of("load"), Set.of(), null, 10, clock.instant(), clock.instant());
    assertThat(store.claim(onlyLoad)).extracting(ClaimedJob::stage).containsExactly("b");
    ClaimRequest notLoadOfRun =
        new ClaimRequest(
            "w", Set.of(), Set.of("load"), run.id(), 10, clock.instant(), clock.instant());
    assertThat(store.claim(notLoadOfRun)).extracting(ClaimedJob::stage).containsExactly("a");
    assertThat(summary(other.id(), "x").state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void completing_stores_the_result_and_releases_a_child_when_its_last_parent_completes()
      throws Exception {
    RunView run = submit(job("a"), job("b"), job("join", "a", "b"));
    List<ClaimedJob> roots = claim("w", 2);

    assertThat(store.complete(roots.get(0).lease(), json("{'rows': 1}")).get()).isTrue();
    assertThat(summary(run.id(), "join").state()).isEqualTo(JobState.BLOCKED);
    assertThat(store.complete(roots.get(1).lease(), json("[2]")).get()).isTrue();
    assertThat(summary(run.id(), "join").state()).isEqualTo(JobState.PENDING);

    long join = summary(run.id(), "join").id();
    assertThat(store.dependencyResults(join))
        .containsEntry("a", json("{'rows': 1}"))
        .containsEntry("b", json("[2]"));
    assertThat(store.job(roots.get(0).id()).orElseThrow().result()).isEqualTo(json("{'rows':1}"));
  }

  private ClaimRequest next(String owner, int limit) {
    return new ClaimRequest(
        owner, Set.of(), Set.of(), null, limit, clock.instant(), clock.instant().plusSeconds(30));
  }

  @Test
  void a_completion_that_claims_after_it_takes_the_child_it_released_in_its_transaction()
      throws Exception {
    RunView run =
        submit(job("a"), job("b", "a").input(json("{'n': {'$result': 'a'}}")), job("c", "a"));
    ClaimedJob a = claim("w", 1).get(0);
    ClaimRequest next = next("w", 1);
    clock.advance(Duration.ofSeconds(1)); // the worker asked before the transaction ran

    CompletedAndClaimed done =
        store.completeThenClaim(a.lease(), json("{'rows': 3}"), null, null, next).get();

    assertThat(done.applied()).isTrue();
    assertThat(done.claimed()).extracting(ClaimedJob::stage).containsExactly("b");
    ClaimedJob b = done.claimed().get(0);
    assertThat(b.lease().owner()).isEqualTo("w");
    assertThat(b.attempt()).isEqualTo(1);
    assertThat(b.baseDirectory()).isEqualTo("/data/etl");
    assertThat(summary(run.id(), "a").state()).isEqualTo(JobState.COMPLETE);
    assertThat(summary(run.id(), "b").state()).isEqualTo(JobState.RUNNING);
    assertThat(summary(run.id(), "c").state()).as("beyond the limit").isEqualTo(JobState.PENDING);
    assertThat(store.dependencyResults(b))
        .isEqualTo(store.dependencyResults(b.id()))
        .containsEntry("a", json("{'rows': 3}"));
    assertThat(store.complete(b.lease(), json("1")).get()).as("its lease holds").isTrue();
  }

  @Test
  void a_claimed_job_gives_its_parents_results_as_a_read_of_them_would() throws Exception {
    RunView run =
        submit(
            job("a"),
            job("b"),
            job("join", "a", "b").input(json("{'x': {'$result': 'a'}, 'y': {'$result': 'b'}}")));
    List<ClaimedJob> roots = claim("w", 2);
    store.complete(roots.get(0).lease(), json("{'rows': 1}")).get();
    store.complete(roots.get(1).lease(), json("[2]")).get();

    ClaimedJob join = claim("w", 1).get(0);

    assertThat(join.stage()).isEqualTo("join");
    assertThat(store.dependencyResults(join))
        .isEqualTo(store.dependencyResults(join.id()))
        .containsEntry("a", json("{'rows': 1}"))
        .containsEntry("b", json("[2]"));
    assertThat(summary(run.id(), "join").state()).isEqualTo(JobState.RUNNING);
  }

  @Test
  void a_completion_claims_after_it_in_priority_order_among_every_ready_job() throws Exception {
    RunView first = submit(job("a"), job("child", "a"));
    ClaimedJob a = claim("w", 1).get(0);
    RunView urgent = submit(job("urgent").priority(5));

    CompletedAndClaimed done =
        store.completeThenClaim(a.lease(), json("1"), null, null, next("w", 1)).get();

    assertThat(done.claimed()).extracting(ClaimedJob::stage).containsExactly("urgent");
    assertThat(summary(urgent.id(), "urgent").state()).isEqualTo(JobState.RUNNING);
    assertThat(summary(first.id(), "child").state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void a_completion_that_made_nothing_ready_claims_nothing_after_it() throws Exception {
    submit(job("a"));
    ClaimedJob a = claim("w", 1).get(0);
    RunView other = submit(job("x"));

    CompletedAndClaimed done =
        store.completeThenClaim(a.lease(), json("1"), null, null, next("w", 5)).get();

    assertThat(done.applied()).isTrue();
    assertThat(done.claimed()).as("the dispatcher's to claim").isEmpty();
    assertThat(summary(other.id(), "x").state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void a_completion_claims_no_job_of_a_queue_with_a_limit_or_of_a_queue_not_asked_for()
      throws Exception {
    RunView run = submit(job("a"), job("limited", "a").queue("load"), job("elsewhere", "a"));
    ClaimedJob a = claim("w", 1).get(0);

    CompletedAndClaimed done =
        store
            .completeThenClaim(
                a.lease(),
                json("1"),
                null,
                null,
                new ClaimRequest(
                    "w",
                    Set.of("load"),
                    Set.of(),
                    null,
                    5,
                    clock.instant(),
                    clock.instant().plusSeconds(30)))
            .get();

    assertThat(done.claimed()).isEmpty();
    assertThat(summary(run.id(), "limited").state()).isEqualTo(JobState.PENDING);
    assertThat(summary(run.id(), "elsewhere").state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void a_completion_under_a_lost_lease_changes_nothing_and_claims_nothing() throws Exception {
    RunView run = submit(job("a"), job("b", "a"));
    ClaimedJob a = claim("w", 1).get(0);
    Lease stale = new Lease(a.id(), "w", a.lease().claim() + 1);

    CompletedAndClaimed done =
        store.completeThenClaim(stale, json("1"), null, null, next("w", 5)).get();

    assertThat(done.applied()).isFalse();
    assertThat(done.claimed()).isEmpty();
    assertThat(summary(run.id(), "b").state()).isEqualTo(JobState.BLOCKED);
  }

  @Test
  void a_write_under_a_lost_lease_changes_nothing() throws Exception {
    submit(job("a"));
    ClaimedJob claimed = claim("w", 1).get(0);
    Lease stale = new Lease(claimed.id(), "w", claimed.lease().claim() + 1);
    Lease otherOwner = new Lease(claimed.id(), "intruder", claimed.lease().claim());

    assertThat(store.complete(stale, json("1")).get()).isFalse();
    assertThat(store.complete(otherOwner, json("1")).get()).isFalse();
    assertThat(store.fail(otherOwner, error(claimed), null).get()).isFalse();
    assertThat(store.progress(otherOwner, 50).get()).isFalse();
    assertThat(store.job(claimed.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    assertThat(store.complete(claimed.lease(), json("1")).get()).isTrue();
    assertThat(store.complete(claimed.lease(), json("2")).get()).as("exactly once").isFalse();
    assertThat(store.job(claimed.id()).orElseThrow().result()).isEqualTo(json("1"));
  }

  @Test
  void a_failure_schedules_a_retry_then_death_cascades_and_is_a_dead_letter() throws Exception {
    RunView run = submit(job("a"), job("b", "a"), job("c", "b"), job("d"));
    ClaimedJob first = claim("w", 1).get(0);
    Instant retryAt = clock.instant().plusSeconds(5);

    assertThat(store.fail(first.lease(), error(first), retryAt).get()).isTrue();
    JobSummary retrying = summary(run.id(), "a");
    assertThat(retrying.state()).isEqualTo(JobState.RETRYING);
    assertThat(retrying.runAt()).isEqualTo(retryAt);
    assertThat(store.nextRetryAt(Set.of(), run.id())).isPresent();
    assertThat(claim("w", 10)).extracting(ClaimedJob::stage).containsExactly("d");

    clock.advance(Duration.ofSeconds(5));
    ClaimedJob second = claim("w", 10).get(0);
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(store.fail(second.lease(), error(second), null).get()).isTrue();

    assertThat(summary(run.id(), "a").state()).isEqualTo(JobState.DEAD);
    assertThat(summary(run.id(), "b").cancelledBy()).isEqualTo(first.id());
    assertThat(summary(run.id(), "c").cancelledBy()).isEqualTo(first.id());
    assertThat(store.job(first.id()).orElseThrow().errors()).hasSize(2);
    assertThat(store.deadLetters(5))
        .singleElement()
        .satisfies(l -> assertThat(l.attempts()).isEqualTo(2));
    assertThat(store.run(run.id()).orElseThrow().status())
        .as("d still running")
        .isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void the_run_status_follows_its_jobs() throws Exception {
    RunView run = submit(job("a"), job("b"));
    List<ClaimedJob> jobs = claim("w", 2);
    store.complete(jobs.get(0).lease(), null).get();
    assertThat(store.run(run.id()).orElseThrow().unfinished()).isEqualTo(1);
    store.fail(jobs.get(1).lease(), error(jobs.get(1)), null).get();
    RunView failed = store.run(run.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.finishedAt()).isEqualTo(clock.instant());

    store.replay(jobs.get(1).id());
    assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(store.run(run.id()).orElseThrow().finishedAt()).isNull();
    ClaimedJob again = claim("w", 1).get(0);
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.attemptInBudget()).as("a new budget").isEqualTo(1);
    store.complete(again.lease(), null).get();
    assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETE);
  }

  @Test
  void an_expired_lease_goes_back_to_pending_counted_apart_from_attempts_until_the_cap() {
    RunView run = submit(job("crashy"));
    for (int reclaim = 1; reclaim <= 3; reclaim++) {
      ClaimedJob claimed = claim("w" + reclaim, 1).get(0);
      assertThat(claimed.attempt()).isEqualTo(1);
      assertThat(store.started(claimed.lease(), clock.instant()).join()).isTrue();
      clock.advance(Duration.ofSeconds(31));
      assertThat(store.reclaimExpired(clock.instant(), 3)).isEqualTo(1);
    }
    JobSummary dead = summary(run.id(), "crashy");
    assertThat(dead.state()).isEqualTo(JobState.DEAD);
    assertThat(dead.reclaims()).isEqualTo(3);
    assertThat(store.job(dead.id()).orElseThrow().errors())
        .singleElement()
        .satisfies(e -> assertThat(e.errorClass()).isEqualTo("flowc.LeaseExpired"));
    assertThat(store.deadLetters(1)).hasSize(1);
  }

  @Test
  void a_job_whose_handler_never_started_is_reclaimed_without_counting_against_the_cap() {
    RunView run = submit(job("busy"), job("prefetched"));
    for (int kill = 1; kill <= 5; kill++) {
      List<ClaimedJob> claimed = claim("w" + kill, 2);
      assertThat(claimed).hasSize(2);
      // The first one's handler starts; the second waits in the worker's buffer when it dies.
      assertThat(store.started(claimed.get(0).lease(), clock.instant()).join()).isTrue();
      clock.advance(Duration.ofSeconds(31));
      assertThat(store.reclaimExpired(clock.instant(), 10)).isEqualTo(2);
    }
    JobSummary prefetched = summary(run.id(), "prefetched");
    assertThat(prefetched.state()).isEqualTo(JobState.PENDING);
    assertThat(prefetched.reclaims()).isZero();
    assertThat(prefetched.attempts()).isZero();
    assertThat(summary(run.id(), "busy").reclaims()).isEqualTo(5);
    assertThat(store.job(prefetched.id()).orElseThrow().errors()).isEmpty();
  }

  @Test
  void a_claimed_job_has_no_start_until_its_handler_starts_and_then_that_start() {
    RunView run = submit(job("a"));
    ClaimedJob claimed = claim("w", 1).get(0);
    assertThat(summary(run.id(), "a").startedAt()).isNull();
    clock.advance(Duration.ofSeconds(5));
    Instant start = clock.instant();
    assertThat(store.started(claimed.lease(), start).join()).isTrue();
    assertThat(summary(run.id(), "a").startedAt()).isEqualTo(start);
    assertThat(store.started(new Lease(claimed.id(), "other", 1), start).join())
        .as("another worker's lease")
        .isFalse();
  }

  @Test
  void a_claim_above_a_priority_takes_only_higher_jobs_and_has_ready_says_so_first() {
    submit(job("low"), job("high").priority(5));
    Instant now = clock.instant();
    ClaimRequest aboveFive =
        new ClaimRequest("w", Set.of(), Set.of(), null, 10, now, now.plusSeconds(30)).above(5);
    assertThat(store.hasReady(aboveFive)).isFalse();
    ClaimRequest aboveZero =
        new ClaimRequest("w", Set.of(), Set.of(), null, 10, now, now.plusSeconds(30)).above(0);
    assertThat(store.hasReady(aboveZero)).isTrue();
    assertThat(store.claim(aboveZero)).extracting(ClaimedJob::stage).containsExactly("high");
    assertThat(store.hasReady(aboveZero)).isFalse();
  }

  @Test
  void a_live_lease_is_not_reclaimed_and_a_heartbeat_extends_it() {
    submit(job("a"));
    ClaimedJob claimed = claim("w", 1).get(0);
    clock.advance(Duration.ofSeconds(20));
    assertThat(store.heartbeat("w", List.of(claimed.lease()), clock.instant().plusSeconds(30)))
        .isEmpty();
    clock.advance(Duration.ofSeconds(20));
    assertThat(store.reclaimExpired(clock.instant(), 3)).isZero();
    assertThat(store.job(claimed.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);
  }

  @Test
  void a_heartbeat_reports_cancellations_and_lost_leases() {
    submit(job("a"), job("b"));
    List<ClaimedJob> jobs = claim("w", 2);
    assertThat(store.cancelJob(jobs.get(0).id())).isTrue();
    Lease lost = new Lease(jobs.get(1).id(), "w", 99);
    assertThat(store.heartbeat("w", List.of(jobs.get(0).lease(), lost), clock.instant()))
        .containsExactlyInAnyOrder(jobs.get(0).id(), jobs.get(1).id());
  }

  @Test
  void releasing_a_claim_does_not_count_an_attempt() throws Exception {
    RunView run = submit(job("a"));
    ClaimedJob claimed = claim("w", 1).get(0);
    assertThat(store.release(claimed.lease()).get()).isTrue();
    JobSummary released = summary(run.id(), "a");
    assertThat(released.state()).isEqualTo(JobState.PENDING);
    assertThat(released.attempts()).isZero();
  }

  @Test
  void replay_restores_the_dependents_cancelled_by_the_dead_job_only() throws Exception {
    RunView run = submit(job("a"), job("b", "a"), job("x"), job("y", "b", "x"));
    List<ClaimedJob> roots = claim("w", 2); // a and x
    ClaimedJob x = roots.stream().filter(j -> j.stage().equals("x")).findFirst().orElseThrow();
    ClaimedJob a = roots.stream().filter(j -> j.stage().equals("a")).findFirst().orElseThrow();
    store.complete(x.lease(), json("'x'")).get();
    store.fail(a.lease(), error(a), null).get();
    assertThat(summary(run.id(), "y").state()).isEqualTo(JobState.CANCELLED);

    assertThat(store.replay(a.id())).isEqualTo(2);

    assertThat(summary(run.id(), "a").state()).isEqualTo(JobState.PENDING);
    assertThat(summary(run.id(), "b").state()).isEqualTo(JobState.BLOCKED);
    assertThat(summary(run.id(), "y").state()).isEqualTo(JobState.BLOCKED);
    assertThat(summary(run.id(), "y").cancelledBy()).isNull();
    assertThat(summary(run.id(), "x").state()).isEqualTo(JobState.COMPLETE);
    assertThat(store.deadLetters(5)).isEmpty();
    assertThatThrownBy(() -> store.replay(a.id())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_job_with_two_dead_parents_comes_back_when_both_are_replayed_in_either_order()
      throws Exception {
    RunView run = submit(job("a"), job("b"), job("x", "a", "b"));
    List<ClaimedJob> roots = claim("w", 2);
    for (ClaimedJob root : roots) {
      store.fail(root.lease(), error(root), null).get();
    }
    long a = summary(run.id(), "a").id();
    long b = summary(run.id(), "b").id();
    assertThat(summary(run.id(), "x").state()).isEqualTo(JobState.CANCELLED);

    assertThat(store.replay(a)).as("b is still dead").isZero();
    assertThat(summary(run.id(), "x").state()).isEqualTo(JobState.CANCELLED);
    assertThat(summary(run.id(), "x").cancelledBy()).as("now because of b").isEqualTo(b);
    assertThat(store.replay(b)).isEqualTo(1);

    assertThat(summary(run.id(), "x").state()).isEqualTo(JobState.BLOCKED);
    assertThat(summary(run.id(), "x").cancelledBy()).isNull();
    for (ClaimedJob again : claim("w", 2)) {
      store.complete(again.lease(), json("1")).get();
    }
    ClaimedJob x = claim("w", 1).get(0);
    store.complete(x.lease(), json("1")).get();
    assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETE);
  }

  private static Plan revisable(String schema, int loadPriority, String... extraStages) {
    List<JobSpec> jobs = new java.util.ArrayList<>();
    jobs.add(job("extract").input(json("{'path': 'in.csv'}")).build());
    jobs.add(job("normalize", "extract").input(json("{'schema': '" + schema + "'}")).build());
    jobs.add(
        job("load", "normalize")
            .priority(loadPriority)
            .metadata(json("{'schema': '" + schema + "'}"))
            .input(json("{'rows': {'$result': 'normalize', 'path': []}}"))
            .build());
    for (String stage : extraStages) {
      jobs.add(job(stage).build());
    }
    return new Plan(
        "contract",
        null,
        null,
        Map.of("schema", JSON.getNodeFactory().textNode(schema)),
        List.of(new QueueSpec("default", null)),
        jobs);
  }

  /** A run of {@link #revisable}: extract complete, normalize dead, load cancelled. */
  private RunView failedOnItsSchema() throws Exception {
    RunView run = store.createRun(new NewRun(revisable("v1", 0), "/data/etl"));
    ClaimedJob extract = claim("w", 1).get(0);
    store.complete(extract.lease(), json("{'rows': 3}")).get();
    ClaimedJob normalize = claim("w", 1).get(0);
    store.fail(normalize.lease(), error(normalize), null).get();
    return run;
  }

  @Test
  void revising_a_run_gives_its_unfinished_jobs_the_new_settings_and_keeps_completed_results()
      throws Exception {
    RunView run = failedOnItsSchema();

    int revised = store.reviseRun(run.id(), revisable("v2", 10));

    assertThat(revised).isEqualTo(2);
    assertThat(store.run(run.id()).orElseThrow().params()).isEqualTo(json("{'schema': 'v2'}"));
    JobView extract = store.job(summary(run.id(), "extract").id()).orElseThrow();
    assertThat(extract.input()).isEqualTo(json("{'path': 'in.csv'}"));
    assertThat(extract.result()).isEqualTo(json("{'rows': 3}"));
    JobView normalize = store.job(summary(run.id(), "normalize").id()).orElseThrow();
    assertThat(normalize.state()).as("still dead until replayed").isEqualTo(JobState.DEAD);
    assertThat(normalize.input()).isEqualTo(json("{'schema': 'v2'}"));
    assertThat(normalize.errors()).as("the history stays").hasSize(1);
    JobView load = store.job(summary(run.id(), "load").id()).orElseThrow();
    assertThat(load.metadata()).isEqualTo(json("{'schema': 'v2'}"));
    assertThat(load.summary().priority()).isEqualTo(10);

    store.replay(normalize.id());
    ClaimedJob again = claim("w", 1).get(0);
    assertThat(again.stage()).isEqualTo("normalize");
    assertThat(json(again.input())).isEqualTo(json("{'schema': 'v2'}"));
  }

  @Test
  void a_plan_with_other_stages_or_dependencies_is_refused_and_changes_nothing() throws Exception {
    RunView run = failedOnItsSchema();
    Plan rewired =
        new Plan(
            "contract",
            null,
            null,
            Map.of(),
            List.of(new QueueSpec("default", null)),
            List.of(
                job("extract").build(),
                job("normalize").build(),
                job("load", "normalize").build()));

    assertThatThrownBy(() -> store.reviseRun(run.id(), revisable("v2", 0, "audit")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'audit' is new since the run");
    assertThatThrownBy(() -> store.reviseRun(run.id(), rewired))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'normalize' depends on nothing now, and in the run on 'extract'");
    assertThat(store.run(run.id()).orElseThrow().params()).isEqualTo(json("{'schema': 'v1'}"));
    assertThat(store.job(summary(run.id(), "normalize").id()).orElseThrow().input())
        .isEqualTo(json("{'schema': 'v1'}"));
  }

  @Test
  void a_run_with_a_running_job_is_not_revised() throws Exception {
    RunView run = store.createRun(new NewRun(revisable("v1", 0), "/data/etl"));
    claim("w", 1);

    assertThatThrownBy(() -> store.reviseRun(run.id(), revisable("v2", 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("(extract) is running");
    assertThatThrownBy(() -> store.reviseRun(run.id() + 1, revisable("v2", 0)))
        .isInstanceOf(NoSuchElementException.class);
    assertThat(store.run(run.id()).orElseThrow().params()).isEqualTo(json("{'schema': 'v1'}"));
  }

  @Test
  void a_job_asked_to_stop_ends_cancelled_whatever_its_handler_then_reports() throws Exception {
    RunView run = submit(job("returns"), job("fails"), job("dies"), job("after", "returns"));
    List<ClaimedJob> jobs = claim("w", 3);
    for (ClaimedJob claimed : jobs) {
      assertThat(store.cancelJob(claimed.id())).isTrue(); // as another process would
    }
    ClaimedJob returns = jobs.stream().filter(j -> j.stage().equals("returns")).findFirst().get();
    ClaimedJob fails = jobs.stream().filter(j -> j.stage().equals("fails")).findFirst().get();
    ClaimedJob dies = jobs.stream().filter(j -> j.stage().equals("dies")).findFirst().get();

    assertThat(store.complete(returns.lease(), json("1")).get()).isTrue();
    assertThat(store.fail(fails.lease(), error(fails), clock.instant()).get()).isTrue();
    assertThat(store.fail(dies.lease(), error(dies), null).get()).isTrue();

    for (String stage : List.of("returns", "fails", "dies", "after")) {
      assertThat(summary(run.id(), stage).state()).as(stage).isEqualTo(JobState.CANCELLED);
    }
    assertThat(store.job(returns.id()).orElseThrow().result()).isNull();
    assertThat(store.job(fails.id()).orElseThrow().errors()).as("the attempt is kept").hasSize(1);
    assertThat(store.deadLetters(5)).isEmpty();
    assertThat(claim("w", 5)).isEmpty();
    assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void cancelling_a_run_that_has_ended_leaves_its_status() throws Exception {
    RunView run = submit(job("a"));
    store.complete(claim("w", 1).get(0).lease(), json("1")).get();

    assertThat(store.cancelRun(run.id())).isZero();

    assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETE);
  }

  @Test
  void stats_count_jobs_per_state_and_per_queue() {
    submit(job("a"), job("b", "a"), job("c").queue("load"));
    var stats = store.stats();
    assertThat(stats.states())
        .containsEntry(JobState.PENDING, 2L)
        .containsEntry(JobState.BLOCKED, 1L);
    assertThat(stats.queues().get("load")).containsEntry(JobState.PENDING, 1L);
    assertThat(stats.queues().get("default")).containsEntry(JobState.BLOCKED, 1L);
  }

  @Test
  void unknown_ids_are_reported() {
    assertThat(store.job(12345)).isEmpty();
    assertThat(store.run(12345)).isEmpty();
    assertThatThrownBy(() -> store.cancelJob(12345)).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> store.cancelRun(12345)).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void active_jobs_are_seen_per_queue_and_run() {
    RunView run = submit(job("a").queue("load"));
    assertThat(store.hasActiveJobs(Set.of("load"), null)).isTrue();
    assertThat(store.hasActiveJobs(Set.of("default"), null)).isFalse();
    assertThat(store.hasActiveJobs(Set.of(), run.id())).isTrue();
    assertThat(store.hasActiveJobs(Set.of(), run.id() + 1)).isFalse();
  }

  @Test
  void backoff_settings_survive_the_round_trip() {
    submit(job("a").backoff(Backoff.exponential(250, 8_000)).timeoutMs(1_500L));
    ClaimedJob claimed = claim("w", 1).get(0);
    assertThat(claimed.backoff()).isEqualTo(Backoff.exponential(250, 8_000));
    assertThat(claimed.timeoutMs()).isEqualTo(1_500L);
    assertThat(claimed.maxAttempts()).isEqualTo(2);
  }

  private LogLine line(LogLine.Level level, String text) {
    return new LogLine(clock.instant(), level, text);
  }

  private AttemptLog log(ClaimedJob job, String text) {
    return new AttemptLog(job.attempt(), List.of(line(LogLine.Level.STDOUT, text)), 0, 0);
  }

  @Test
  void each_attempts_log_is_stored_with_its_outcome_and_read_back_in_attempt_order()
      throws Exception {
    RunView run = submit(job("a"));
    ClaimedJob first = claim("w", 1).get(0);
    AttemptLog failed =
        new AttemptLog(
            1,
            List.of(
                line(LogLine.Level.STDOUT, "fetching \"page\" 1 \u00e9\u2603"),
                line(LogLine.Level.ERROR, "boom\n\tat etl.Fetch.run(Fetch.java:12)")),
            0,
            0);
    assertThat(store.fail(first.lease(), error(first), clock.instant(), null, failed).get())
        .isTrue();
    clock.advance(Duration.ofSeconds(1));
    ClaimedJob second = claim("w", 1).get(0);
    AttemptLog cut =
        new AttemptLog(
            2,
            List.of(line(LogLine.Level.STDERR, "first"), line(LogLine.Level.INFO, "last")),
            250,
            1);
    assertThat(store.complete(second.lease(), json("1"), null, cut).get()).isTrue();

    assertThat(store.logs(first.id())).containsExactly(failed, cut);
    assertThat(summary(run.id(), "a").state()).isEqualTo(JobState.COMPLETE);
  }

  @Test
  void a_log_under_a_lost_lease_is_not_stored_and_no_log_stores_nothing() throws Exception {
    submit(job("a"), job("b"));
    List<ClaimedJob> jobs = claim("w", 2);
    ClaimedJob a = jobs.get(0);
    ClaimedJob b = jobs.get(1);
    Lease stale = new Lease(a.id(), "w", a.lease().claim() + 1);

    assertThat(store.complete(stale, json("1"), null, log(a, "late")).get()).isFalse();
    assertThat(store.fail(stale, error(a), null, null, log(a, "late")).get()).isFalse();
    assertThat(store.finishCancelled(stale, log(a, "late")).get()).isFalse();
    assertThat(store.logs(a.id())).isEmpty();

    assertThat(store.complete(b.lease(), json("1"), null, null).get()).isTrue();
    assertThat(store.logs(b.id())).isEmpty();
    assertThat(store.logs(999_999)).isEmpty();
  }

  @Test
  void a_job_asked_to_stop_keeps_the_log_of_the_attempt_that_ended_cancelled() throws Exception {
    submit(job("returns"), job("stops"));
    List<ClaimedJob> jobs = claim("w", 2);
    for (ClaimedJob claimed : jobs) {
      store.cancelJob(claimed.id());
    }
    AttemptLog returned = log(jobs.get(0), "returned anyway");
    AttemptLog stopped = log(jobs.get(1), "stopping");

    assertThat(store.complete(jobs.get(0).lease(), json("1"), null, returned).get()).isTrue();
    assertThat(store.finishCancelled(jobs.get(1).lease(), stopped).get()).isTrue();

    assertThat(store.logs(jobs.get(0).id())).containsExactly(returned);
    assertThat(store.logs(jobs.get(1).id())).containsExactly(stopped);
  }

  private List<ClaimedJob> claim(String owner, Set<String> queues, int limit) {
    return store.claim(
        new ClaimRequest(
            owner,
            queues,
            Set.of(),
            null,
            limit,
            clock.instant(),
            clock.instant().plusSeconds(30)));
  }

  @Test
  void a_limited_queue_gives_no_more_than_its_free_places_whichever_worker_claims()
      throws Exception {
    submit(
        job("l1").queue("load"),
        job("l2").queue("load"),
        job("l3").queue("load"),
        job("d1"),
        job("d2"));
    // "load" has a concurrency of 1 (see submit).
    List<ClaimedJob> first = claim("w1", Set.of("load"), 10);
    assertThat(first).extracting(ClaimedJob::stage).containsExactly("l1");
    assertThat(claim("w2", Set.of("load"), 10)).isEmpty();
    assertThat(claim("w3", Set.of(), 10))
        .as("a claim of every queue takes the unlimited ones only while load is full")
        .extracting(ClaimedJob::stage)
        .containsExactlyInAnyOrder("d1", "d2");

    assertThat(store.complete(first.get(0).lease(), json("1")).get()).isTrue();
    assertThat(claim("w2", Set.of(), 10)).extracting(ClaimedJob::stage).containsExactly("l2");
    assertThat(claim("w1", Set.of("load"), 10)).isEmpty();
  }

  @Test
  void a_worker_is_listed_while_its_last_heartbeat_is_recent_and_until_it_is_removed() {
    Instant started = clock.instant();
    dev.flowc.runtime.WorkerInfo worker =
        new dev.flowc.runtime.WorkerInfo(
            "host-a:42:1", "host-a", 42, List.of("load"), 4, started, started, List.of());
    store.recordWorker(worker);
    clock.advance(Duration.ofSeconds(10));
    dev.flowc.runtime.WorkerInfo renewed =
        new dev.flowc.runtime.WorkerInfo(
            "host-a:42:1",
            "host-a",
            42,
            List.of("load"),
            4,
            started,
            clock.instant(),
            List.of(7L, 9L));
    store.recordWorker(renewed);

    assertThat(store.workers(clock.instant().minusSeconds(5))).containsExactly(renewed);
    assertThat(store.workers(clock.instant().plusSeconds(1))).as("stale").isEmpty();
    store.removeWorker("host-a:42:1");
    assertThat(store.workers(started)).isEmpty();
  }

  @Test
  void enqueue_all_of_no_request_stores_nothing_and_returns_no_id() {
    assertThat(store.enqueueAll(List.of())).isEmpty();
    assertThat(store.stats().states().values().stream().mapToLong(Long::longValue).sum()).isZero();
  }

  @Test
  void enqueue_all_stores_every_job_in_order_or_none_of_them() {
    RunView parent = submit(job("parent"));
    long parentId = summary(parent.id(), "parent").id();
    List<dev.flowc.runtime.EnqueueRequest> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      batch.add(
          dev.flowc.runtime.EnqueueRequest.builder("builtin.noop")
              .stage("s" + i)
              .dependsOn(parentId)
              .build());
    }
    List<Long> ids = store.enqueueAll(batch);
    assertThat(ids).hasSize(2_500).isSorted().doesNotHaveDuplicates();
    assertThat(store.job(ids.get(2_499)).orElseThrow().summary().stage()).isEqualTo("s2499");
    assertThat(store.job(ids.get(0)).orElseThrow().state()).isEqualTo(JobState.BLOCKED);

    List<dev.flowc.runtime.EnqueueRequest> refused =
        List.of(
            dev.flowc.runtime.EnqueueRequest.builder("builtin.noop").stage("kept?").build(),
            dev.flowc.runtime.EnqueueRequest.builder("builtin.noop").dependsOn(987_654).build());
    assertThatThrownBy(() -> store.enqueueAll(refused))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no job 987654 to depend on");
    assertThat(store.stats().states().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(2_501);
  }

  private static Plan keyedPlan(String pipeline) {
    return new Plan(
        pipeline,
        null,
        null,
        Map.of(),
        List.of(new QueueSpec("default", null)),
        List.of(
            job("a")
                .input(json("{'key': {'$run': 'key'}, 'tick': {'$run': 'scheduled_at'}}"))
                .build(),
            job("b", "a").build()));
  }

  @Test
  void a_second_submit_with_a_key_creates_nothing_and_returns_the_first_run() {
    dev.flowc.runtime.Submitted first =
        store.submitRun(new NewRun(keyedPlan("keyed"), null).withKey("nightly-2026-12-07"));
    dev.flowc.runtime.Submitted second =
        store.submitRun(new NewRun(keyedPlan("keyed"), null).withKey("nightly-2026-12-07"));
    RunView other = store.createRun(new NewRun(keyedPlan("keyed"), null).withKey("another"));

    assertThat(first.created()).isTrue();
    assertThat(second.created()).isFalse();
    assertThat(second.runId()).isEqualTo(first.runId());
    assertThat(second.run().orElseThrow().key()).isEqualTo("nightly-2026-12-07");
    assertThat(second.run().orElseThrow().scheduledAt()).isNull();
    assertThat(other.id()).isNotEqualTo(first.runId());
    assertThat(store.runs(10)).extracting(RunView::id).containsExactly(other.id(), first.runId());
    assertThat(jobCount()).isEqualTo(4);
    JobView a = store.job(summary(first.runId(), "a").id()).orElseThrow();
    assertThat(a.input()).isEqualTo(json("{'key': 'nightly-2026-12-07', 'tick': null}"));
  }

  @Test
  void a_run_without_key_has_none_and_never_blocks_another() {
    RunView one = store.createRun(new NewRun(keyedPlan("plain"), null));
    RunView two = store.createRun(new NewRun(keyedPlan("plain"), null));
    assertThat(one.id()).isNotEqualTo(two.id());
    assertThat(one.key()).isNull();
    assertThat(store.job(summary(one.id(), "a").id()).orElseThrow().input())
        .isEqualTo(json("{'key': null, 'tick': null}"));
  }

  @Test
  void a_key_stays_taken_after_its_run_was_removed() throws Exception {
    long first = store.createRun(new NewRun(keyedPlan("keyed"), null).withKey("k1")).id();
    // As a purge does: the run and its jobs go, its key stays.
    execute("DELETE FROM job_deps");
    execute("DELETE FROM jobs");
    execute("DELETE FROM runs");

    dev.flowc.runtime.Submitted again =
        store.submitRun(new NewRun(keyedPlan("keyed"), null).withKey("k1"));
    assertThat(again.created()).isFalse();
    assertThat(again.runId()).isEqualTo(first);
    assertThat(again.run()).isEmpty();
    assertThatThrownBy(() -> store.createRun(new NewRun(keyedPlan("keyed"), null).withKey("k1")))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("run %d, the first with key 'k1', was purged".formatted(first));
    assertThat(countRows("runs")).isZero();
  }

  @Test
  void submits_with_one_key_racing_on_several_threads_make_one_run() throws Exception {
    int threads = 6;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<dev.flowc.runtime.Submitted>> results =
          new java.util.ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.submitRun(new NewRun(keyedPlan("race"), null).withKey("race-key"));
                }));
      }
      start.countDown();
      List<dev.flowc.runtime.Submitted> submitted = new java.util.ArrayList<>();
      for (var result : results) {
        submitted.add(result.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }
      assertThat(submitted).filteredOn(dev.flowc.runtime.Submitted::created).hasSize(1);
      assertThat(submitted)
          .extracting(dev.flowc.runtime.Submitted::runId)
          .containsOnly(submitted.get(0).runId());
      assertThat(countRows("runs")).isEqualTo(1);
      assertThat(countRows("run_keys")).isEqualTo(1);
      assertThat(countRows("jobs")).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_large_submit_whose_key_another_run_took_meanwhile_leaves_nothing_and_returns_that_run()
      throws Exception {
    java.util.concurrent.atomic.AtomicLong small = new java.util.concurrent.atomic.AtomicLong();
    dev.flowc.runtime.Submitted large =
        store.submitRun(
            new NewRun(
                    largePlan(),
                    null,
                    count -> {
                      if (small.get() == 0) {
                        small.set(
                            store
                                .createRun(new NewRun(keyedPlan("small"), null).withKey("shared"))
                                .id());
                      }
                    })
                .withKey("shared"));

    assertThat(large.created()).isFalse();
    assertThat(large.runId()).isEqualTo(small.get());
    assertThat(large.run().orElseThrow().pipeline()).isEqualTo("small");
    assertThat(countRows("runs")).isEqualTo(1);
    assertThat(countRows("jobs")).isEqualTo(2);
    assertThat(countRows("job_deps")).isEqualTo(1);
  }

  @Test
  void a_large_submit_with_a_key_is_found_by_the_next_submit_with_it() {
    RunView large = store.createRun(new NewRun(largePlan(), null).withKey("big-one"));
    assertThat(large.key()).isEqualTo("big-one");
    dev.flowc.runtime.Submitted again =
        store.submitRun(new NewRun(largePlan(), null).withKey("big-one"));
    assertThat(again.created()).isFalse();
    assertThat(again.runId()).isEqualTo(large.id());
    assertThat(jobCount()).isEqualTo(LARGE);
  }

  /** Runs {@code sql} directly in the database, as another tool (a purge) would. */
  protected abstract void execute(String sql) throws Exception;

  /**
   * How many rows {@code table} holds, counted directly in the database: what a removed submit must
   * leave no trace of, although no read of the store would show it.
   */
  protected abstract long countRows(String table) throws Exception;

  /** Jobs in a plan of several chunks: roots, a chain of layers, and a join of many parents. */
  private static final int LARGE = 12_000;

  /**
   * {@link #LARGE} jobs: 1,000 roots, each later job after the one 1,000 before it, and a last job
   * after the 6,000 before it (more dependencies than one transaction writes).
   */
  private static Plan largePlan() {
    List<JobSpec> jobs = new java.util.ArrayList<>(LARGE);
    for (int i = 0; i < LARGE - 1; i++) {
      jobs.add(i < 1_000 ? job("j" + i).build() : job("j" + i, "j" + (i - 1_000)).build());
    }
    String[] parents = new String[6_000];
    for (int i = 0; i < parents.length; i++) {
      parents[i] = "j" + (LARGE - 1 - parents.length + i);
    }
    jobs.add(job("join", parents).build());
    return new Plan(
        "large",
        null,
        null,
        Map.of(),
        List.of(new QueueSpec("default", null), new QueueSpec("big", 3)),
        jobs);
  }

  private long jobCount() {
    return store.stats().states().values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void a_large_plan_is_invisible_until_its_last_transaction_publishes_it_whole() {
    long before = store.enqueue(dev.flowc.runtime.EnqueueRequest.builder("builtin.noop").build());
    List<Integer> stored = new java.util.ArrayList<>();
    RunView run =
        store.createRun(
            new NewRun(
                largePlan(),
                "/data",
                count -> {
                  stored.add(count);
                  // Mid-submit: jobs of the run are in the database, and nothing shows them.
                  assertThat(store.runs(10)).isEmpty();
                  assertThat(jobCount()).isEqualTo(1);
                  assertThat(store.job(before + 1)).isEmpty();
                  assertThatThrownBy(() -> store.cancelJob(before + 1))
                      .isInstanceOf(NoSuchElementException.class);
                  assertThat(store.queueConcurrency()).doesNotContainKey("big");
                  assertThat(claim("w", 10)).extracting(ClaimedJob::id).isSubsetOf(before);
                }));

    assertThat(stored).hasSizeGreaterThan(2).isSorted().endsWith(LARGE);
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.jobs()).isEqualTo(LARGE);
    List<JobSummary> jobs = store.runJobs(run.id());
    assertThat(jobs).hasSize(LARGE);
    assertThat(jobs).extracting(JobSummary::id).isSorted();
    assertThat(jobs.stream().filter(j -> j.state() == JobState.PENDING)).hasSize(1_000);
    assertThat(jobs.get(0).stage()).isEqualTo("j0");
    assertThat(store.job(jobs.get(LARGE - 1).id()).orElseThrow().dependencies()).hasSize(6_000);
    assertThat(store.job(jobs.get(1_000).id()).orElseThrow().dependencies())
        .containsExactly(jobs.get(0).id());
    assertThat(jobCount()).isEqualTo(LARGE + 1);
    assertThat(store.queueConcurrency()).containsEntry("big", 3);
    assertThat(store.runs(10)).extracting(RunView::id).containsExactly(run.id());
  }

  @Test
  void a_published_large_run_runs_like_any_other() throws Exception {
    RunView run = store.createRun(new NewRun(largePlan(), null));
    ClaimedJob root = claim("w", 1).get(0);
    assertThat(root.stage()).isEqualTo("j0");
    assertThat(store.complete(root.lease(), json("1")).get()).isTrue();
    assertThat(summary(run.id(), "j1000").state()).isEqualTo(JobState.PENDING);
    assertThat(store.cancelRun(run.id())).isEqualTo(LARGE - 1);
    assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void other_work_gets_through_between_the_transactions_of_a_large_submit() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    List<Long> enqueued = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    Thread other =
        new Thread(
            () -> {
              while (!done.get()) {
                enqueued.add(
                    store.enqueue(
                        dev.flowc.runtime.EnqueueRequest.builder("builtin.noop").build()));
              }
            });
    other.start();
    RunView run;
    try {
      // Wait for the other thread's first commit, so it is enqueueing when the submit starts.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (enqueued.isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      run = store.createRun(new NewRun(largePlan(), null));
    } finally {
      done.set(true);
      other.join();
    }
    List<JobSummary> jobs = store.runJobs(run.id());
    long first = jobs.get(0).id();
    long last = jobs.get(jobs.size() - 1).id();
    // A job enqueued between two of the submit's transactions took an id between the run's.
    assertThat(enqueued).anySatisfy(id -> assertThat(id).isBetween(first, last));
    assertThat(jobCount()).isEqualTo(LARGE + enqueued.size());
  }

  @Test
  void a_large_submit_that_fails_leaves_nothing() throws Exception {
    IllegalStateException failure = new IllegalStateException("disk on fire");
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    assertThatThrownBy(
            () ->
                store.createRun(
                    new NewRun(
                        largePlan(),
                        null,
                        count -> {
                          if (calls.incrementAndGet() == 2) {
                            throw failure;
                          }
                        })))
        .isSameAs(failure);
    assertThat(store.runs(10)).isEmpty();
    assertThat(jobCount()).isZero();
    assertThat(countRows("runs")).isZero();
    assertThat(countRows("jobs")).isZero();
    assertThat(countRows("job_deps")).isZero();
    assertThat(store.createRun(new NewRun(largePlan(), null)).jobs()).isEqualTo(LARGE);
  }

  @Test
  void a_submitting_run_whose_submitter_stopped_is_removed_after_its_lease_and_cannot_be_published()
      throws Exception {
    java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CompletableFuture<RunView> submit =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                store.createRun(
                    new NewRun(
                        largePlan(),
                        null,
                        count -> {
                          if (stalled.getCount() == 1) {
                            stalled.countDown();
                            try {
                              resume.await();
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            }
                          }
                        })));
    assertThat(stalled.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(countRows("jobs")).isPositive();

    // Within its lease the run stays; once the lease has run out, a reclaim removes it.
    store.reclaimExpired(clock.instant().plusSeconds(30), 3);
    assertThat(countRows("jobs")).isPositive();
    clock.advance(Duration.ofSeconds(61));
    store.reclaimExpired(clock.instant(), 3);
    assertThat(countRows("jobs")).isZero();
    assertThat(countRows("job_deps")).isZero();
    assertThat(countRows("runs")).isZero();

    // The submitter comes back: its next transaction finds its run gone, and says so.
    resume.countDown();
    assertThatThrownBy(() -> submit.get(60, java.util.concurrent.TimeUnit.SECONDS))
        .hasCauseInstanceOf(dev.flowc.runtime.StoreException.class)
        .hasMessageContaining("removed as abandoned");
    assertThat(store.runs(10)).isEmpty();
    assertThat(countRows("jobs")).isZero();
  }
}
