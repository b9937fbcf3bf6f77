package dev.flowc.runtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.NewRun;
import dev.flowc.runtime.store.StoreOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL store does beyond the contract: several store objects on one database. */
class PostgresStoreTest {
  private PostgresTestSchema schema;
  private final List<PostgresJobStore> opened = new ArrayList<>();

  @BeforeEach
  void createSchema() {
    schema = PostgresTestSchema.create();
  }

  @AfterEach
  void closeAll() {
    opened.forEach(PostgresJobStore::close);
    if (schema != null) {
      schema.close();
    }
  }

  private PostgresJobStore open() {
    PostgresJobStore store = PostgresJobStore.open(schema.url(), StoreOptions.defaults(), null);
    opened.add(store);
    return store;
  }

  private static Plan plan(List<JobSpec> jobs) {
    return new Plan(
        "pg", null, null, Map.of(), List.of(new QueueSpec(QueueSpec.DEFAULT, null)), jobs);
  }

  private static ClaimRequest claimAll(String owner, PostgresJobStore store, int limit) {
    Instant now = store.clock().instant();
    return new ClaimRequest(
        owner, Set.of(), Set.of(), null, limit, now, now.plus(Duration.ofMinutes(1)));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void stores_opened_at_once_on_an_empty_database_migrate_it_once() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<PostgresJobStore>> futures = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        futures.add(pool.submit(this::open));
      }
      for (Future<PostgresJobStore> future : futures) {
        assertThat(future.get(60, TimeUnit.SECONDS).runs(1)).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT count(*), max(version) FROM flowc_schema")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(PostgresMigrations.latest());
      assertThat(rows.getInt(2)).isEqualTo(PostgresMigrations.latest());
    }
  }

  @Test
  void a_database_of_a_newer_schema_is_refused_naming_both_versions() throws Exception {
    open().close();
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO flowc_schema (version) VALUES (99)");
    }
    assertThatThrownBy(this::open)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version 99, this one knows " + PostgresMigrations.latest())
        .hasMessageNotContaining("\n");
  }

  @Test
  void a_read_only_store_needs_an_existing_schema_and_writes_nothing() {
    assertThatThrownBy(
            () ->
                PostgresJobStore.open(
                    schema.url(), StoreOptions.defaults().withReadOnly(true), null))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("the database has no flowc store");
    open().createRun(new NewRun(plan(List.of(JobSpec.builder("a", "builtin.noop").build())), null));
    try (PostgresJobStore readOnly =
        PostgresJobStore.open(schema.url(), StoreOptions.defaults().withReadOnly(true), null)) {
      assertThat(readOnly.runs(10)).hasSize(1);
      assertThatThrownBy(() -> readOnly.cancelRun(1))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("read-only");
    }
  }

  @Test
  void parents_completed_at_once_by_two_stores_release_their_child_once() throws Exception {
    PostgresJobStore first = open();
    PostgresJobStore second = open();
    int parents = 40;
    List<JobSpec> jobs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < parents; i++) {
      jobs.add(JobSpec.builder("p" + i, "builtin.noop").build());
      names.add("p" + i);
    }
    jobs.add(
        JobSpec.builder("child", "builtin.noop").dependsOn(names.toArray(String[]::new)).build());
    RunView run = first.createRun(new NewRun(plan(jobs), null));

    List<ClaimedJob> mine = first.claim(claimAll("one", first, parents / 2));
    List<ClaimedJob> theirs = second.claim(claimAll("two", second, parents));
    assertThat(mine.size() + theirs.size()).isEqualTo(parents);

    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
    Thread a =
        new Thread(
            () -> {
              awaitQuietly(go);
              mine.forEach(job -> outcomes.add(first.complete(job.lease(), IntNode.valueOf(1))));
            });
    Thread b =
        new Thread(
            () -> {
              awaitQuietly(go);
              theirs.forEach(job -> outcomes.add(second.complete(job.lease(), IntNode.valueOf(2))));
            });
    a.start();
    b.start();
    go.countDown();
    a.join();
    b.join();
    synchronized (outcomes) {
      for (CompletableFuture<Boolean> outcome : List.copyOf(outcomes)) {
        assertThat(outcome.get(30, TimeUnit.SECONDS)).isTrue();
      }
    }
    await(
        () -> first.run(run.id()).orElseThrow().unfinished() == 1,
        "every parent is counted complete");
    long child =
        first.runJobs(run.id()).stream()
            .filter(job -> job.stage().equals("child"))
            .findFirst()
            .orElseThrow()
            .id();
    assertThat(first.job(child).orElseThrow().summary().state()).isEqualTo(JobState.PENDING);
    List<ClaimedJob> last = first.claim(claimAll("one", first, 10));
    assertThat(last).extracting(ClaimedJob::id).containsExactly(child);
    assertThat(first.complete(last.get(0).lease(), null).get()).isTrue();
    assertThat(first.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETE);
  }

  @Test
  void parents_of_shared_children_completed_in_opposite_orders_by_two_stores_never_deadlock()
      throws Exception {
    PostgresJobStore first = open();
    PostgresJobStore second = open();
    int children = 200;
    for (int round = 0; round < 3; round++) {
      // Child i waits on a_i, which the first store holds, and on b_i, which the second holds.
      List<JobSpec> jobs = new ArrayList<>();
      for (int i = 0; i < children; i++) {
        jobs.add(JobSpec.builder("a" + i, "builtin.noop").queue("qa").build());
        jobs.add(JobSpec.builder("b" + i, "builtin.noop").queue("qb").build());
        jobs.add(JobSpec.builder("c" + i, "builtin.noop").dependsOn("a" + i, "b" + i).build());
      }
      RunView run =
          first.createRun(
              new NewRun(
                  new Plan(
                      "pg",
                      null,
                      null,
                      Map.of(),
                      List.of(
                          new QueueSpec(QueueSpec.DEFAULT, null),
                          new QueueSpec("qa", null),
                          new QueueSpec("qb", null)),
                      jobs),
                  null));
      List<ClaimedJob> as = first.claim(claimOf("one", first, "qa", children));
      List<ClaimedJob> bs = new ArrayList<>(second.claim(claimOf("two", second, "qb", children)));
      assertThat(as).hasSize(children);
      assertThat(bs).hasSize(children);
      as = as.stream().sorted(java.util.Comparator.comparingLong(ClaimedJob::id)).toList();
      // The other store completes its parents in the opposite order: without one lock order for
      // a whole batch, each transaction locks children the other one needs.
      bs.sort(java.util.Comparator.comparingLong(ClaimedJob::id).reversed());

      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Boolean>> outcomes =
          java.util.Collections.synchronizedList(new ArrayList<>());
      List<ClaimedJob> mine = as;
      Thread a =
          new Thread(
              () -> {
                awaitQuietly(go);
                mine.forEach(job -> outcomes.add(first.complete(job.lease(), null)));
              });
      Thread b =
          new Thread(
              () -> {
                awaitQuietly(go);
                bs.forEach(job -> outcomes.add(second.complete(job.lease(), null)));
              });
      a.start();
      b.start();
      go.countDown();
      a.join();
      b.join();
      for (CompletableFuture<Boolean> outcome : List.copyOf(outcomes)) {
        assertThat(outcome.get(60, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(
              first.runJobs(run.id()).stream()
                  .filter(job -> job.stage().startsWith("c"))
                  .map(job -> job.state()))
          .hasSize(children)
          .containsOnly(JobState.PENDING);
    }
    assertThat(first.deadlockRetries() + second.deadlockRetries())
        .as("transactions run again after a deadlock")
        .isZero();
  }

  @Test
  void completions_sharing_one_transaction_have_the_effects_of_each_alone() throws Exception {
    PostgresJobStore store = open();
    List<dev.flowc.runtime.JobEvent> events =
        java.util.Collections.synchronizedList(new ArrayList<>());
    store.addListener(events::add);
    RunView run =
        store.createRun(
            new NewRun(
                plan(
                    List.of(
                        JobSpec.builder("p1", "builtin.noop").build(),
                        JobSpec.builder("p2", "builtin.noop").build(),
                        JobSpec.builder("p3", "builtin.noop").build(),
                        JobSpec.builder("p4", "builtin.noop").build(),
                        JobSpec.builder("asked_to_stop", "builtin.noop").build(),
                        JobSpec.builder("lease_lost", "builtin.noop").build(),
                        JobSpec.builder("both", "builtin.noop").dependsOn("p1", "p2").build(),
                        JobSpec.builder("one_of_two", "builtin.noop").dependsOn("p3", "p4").build(),
                        JobSpec.builder("after_stop", "builtin.noop")
                            .dependsOn("asked_to_stop")
                            .build())),
                null));
    Map<String, ClaimedJob> claimed = new java.util.HashMap<>();
    store.claim(claimAll("w", store, 10)).forEach(job -> claimed.put(job.stage(), job));
    assertThat(claimed).hasSize(6);
    assertThat(store.cancelJob(claimed.get("asked_to_stop").id())).isTrue();
    events.clear();

    // Hold the committer in a transaction so that the completions queue up and share the next one.
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Object> blocker =
        store.submit(
            tx -> {
              holding.countDown();
              awaitQuietly(release);
              return null;
            });
    assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
    dev.flowc.runtime.AttemptLog log =
        new dev.flowc.runtime.AttemptLog(
            1,
            List.of(
                new dev.flowc.runtime.LogLine(
                    Instant.now(), dev.flowc.runtime.LogLine.Level.STDOUT, "hello")),
            0,
            0);
    Instant started = Instant.ofEpochMilli(1_700_000_000_000L);
    List<CompletableFuture<Boolean>> outcomes =
        List.of(
            store.complete(claimed.get("p1").lease(), IntNode.valueOf(1), started, log),
            store.complete(claimed.get("p2").lease(), IntNode.valueOf(2)),
            store.complete(claimed.get("p3").lease(), IntNode.valueOf(3)),
            store.complete(claimed.get("asked_to_stop").lease(), IntNode.valueOf(4)),
            store.complete(
                new dev.flowc.runtime.store.Lease(claimed.get("lease_lost").id(), "other", 1),
                IntNode.valueOf(5)));
    release.countDown();
    blocker.get(20, TimeUnit.SECONDS);
    assertThat(outcomes)
        .extracting(outcome -> outcome.get(20, TimeUnit.SECONDS))
        .containsExactly(true, true, true, true, false);

    Map<String, JobState> states = new java.util.HashMap<>();
    store.runJobs(run.id()).forEach(job -> states.put(job.stage(), job.state()));
    assertThat(states)
        .containsEntry("p1", JobState.COMPLETE)
        .containsEntry("p2", JobState.COMPLETE)
        .containsEntry("p3", JobState.COMPLETE)
        .containsEntry("p4", JobState.RUNNING)
        .containsEntry("asked_to_stop", JobState.CANCELLED)
        .containsEntry("lease_lost", JobState.RUNNING)
        .containsEntry("both", JobState.PENDING)
        .containsEntry("one_of_two", JobState.BLOCKED)
        .containsEntry("after_stop", JobState.CANCELLED);
    dev.flowc.runtime.JobView p1 = store.job(claimed.get("p1").id()).orElseThrow();
    assertThat(p1.result()).isEqualTo(IntNode.valueOf(1));
    assertThat(p1.summary().startedAt()).isEqualTo(started);
    assertThat(store.logs(claimed.get("p1").id()))
        .singleElement()
        .satisfies(
            kept -> assertThat(kept.lines()).extracting(l -> l.text()).containsExactly("hello"));
    assertThat(store.logs(claimed.get("p2").id())).isEmpty();
    assertThat(store.run(run.id()).orElseThrow().unfinished()).isEqualTo(4);

    // Each change once, as if each completion had had a transaction of its own.
    synchronized (events) {
      assertThat(events)
          .extracting(event -> event.jobId() + " " + event.state())
          .containsExactlyInAnyOrder(
              claimed.get("p1").id() + " " + JobState.COMPLETE,
              claimed.get("p2").id() + " " + JobState.COMPLETE,
              claimed.get("p3").id() + " " + JobState.COMPLETE,
              claimed.get("asked_to_stop").id() + " " + JobState.CANCELLED,
              idOf(store, run, "after_stop") + " " + JobState.CANCELLED,
              idOf(store, run, "both") + " " + JobState.PENDING);
    }
    List<ClaimedJob> next = store.claim(claimAll("w", store, 10));
    assertThat(next).extracting(ClaimedJob::stage).containsExactly("both");
  }

  @Test
  void jobs_stored_by_one_statement_keep_every_character_of_their_text() throws Exception {
    // One statement each time, the first adding the queues' rows too.
    keepEveryCharacter(3_000, new long[] {1, 2});
  }

  @Test
  void jobs_loaded_with_copy_keep_every_character_of_their_text() throws Exception {
    // More jobs than one statement takes: in a transaction (the queues are new), then the ids
    // and one COPY (the queues are known); enough text for several chunks of COPY.
    keepEveryCharacter(NewJobsInsert.MAX_ROWS + 1, new long[] {0, 1});
  }

  /**
   * Enqueues {@code count} jobs with awkward text twice, checking what is stored and how many
   * single writes the store made after each call.
   */
  private void keepEveryCharacter(int count, long[] singleWrites) throws Exception {
    PostgresJobStore store = open();
    String awkward = "back\\slash \\N tab\t newline\n return\r quote\" é 😀 \\. {\"a\":[1]} \\\"";
    List<dev.flowc.runtime.EnqueueRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(
          dev.flowc.runtime.EnqueueRequest.builder("builtin.noop")
              .stage(stage(i) + awkward)
              .queue(i % 2 == 0 ? "even" : "odd")
              .priority(i % 7 - 3)
              .timeout(i % 3 == 0 ? null : Duration.ofMillis(i + 1))
              .input(
                  com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                      .objectNode()
                      .put("text", awkward)
                      .put("n", i))
              .build());
    }
    int last = count - 1;
    for (int call = 1; call <= 2; call++) {
      List<Long> ids = store.enqueueAll(requests);
      assertThat(store.singleWrites()).isEqualTo(singleWrites[call - 1]);
      assertThat(ids).hasSize(count).isSorted().doesNotHaveDuplicates();
      for (int i : new int[] {0, 1, 2, count / 2, last}) {
        dev.flowc.runtime.JobView job = store.job(ids.get(i)).orElseThrow();
        assertThat(job.summary().stage()).isEqualTo(stage(i) + awkward);
        assertThat(job.summary().queue()).isEqualTo(i % 2 == 0 ? "even" : "odd");
        assertThat(job.summary().priority()).isEqualTo(i % 7 - 3);
        assertThat(job.summary().state()).isEqualTo(JobState.PENDING);
        assertThat(job.input().path("text").asText()).isEqualTo(awkward);
        assertThat(job.input().path("n").asInt()).isEqualTo(i);
        assertThat(job.description()).isNull();
      }
      // Every row, by the id the call gave for its request.
      try (Connection connection = schema.connect();
          java.sql.PreparedStatement check =
              connection.prepareStatement(
                  "SELECT count(*) FROM jobs j JOIN unnest(?::bigint[]) WITH ORDINALITY AS r(id, n)"
                      + " ON j.id = r.id WHERE j.stage = CASE WHEN (r.n - 1) % 2 = 0 THEN E'\\t'"
                      + " ELSE 's' END || (r.n - 1) || ? AND j.queue = CASE WHEN (r.n - 1) % 2 = 0"
                      + " THEN 'even' ELSE 'odd' END AND j.priority = (r.n - 1) % 7 - 3"
                      + " AND j.timeout_ms IS NOT DISTINCT FROM CASE WHEN (r.n - 1) % 3 = 0"
                      + " THEN NULL ELSE r.n END AND j.input::jsonb ->> 'text' = ?"
                      + " AND j.input::jsonb ->> 'n' = (r.n - 1)::text"
                      + " AND j.metadata = '{}' AND j.state = 'pending' AND j.run_id IS NULL")) {
        check.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
        check.setString(2, awkward);
        check.setString(3, awkward);
        try (ResultSet rows = check.executeQuery()) {
          rows.next();
          assertThat(rows.getInt(1)).isEqualTo(count);
        }
      }
    }
  }

  /** Some values begin with a character COPY escapes, some with one it does not. */
  private static String stage(int i) {
    return (i % 2 == 0 ? "\t" : "s") + i;
  }

  @Test
  void a_bulk_load_stopped_by_a_wrong_request_leaves_nothing_and_the_store_usable()
      throws Exception {
    PostgresJobStore store = open();
    List<dev.flowc.runtime.EnqueueRequest> requests = new ArrayList<>();
    String padding = "x".repeat(1_000); // the first chunks are sent before the wrong request
    for (int i = 0; i < 2_000; i++) {
      requests.add(
          dev.flowc.runtime.EnqueueRequest.builder("builtin.noop")
              .stage("s" + i + padding)
              .build());
    }
    requests.add(
        dev.flowc.runtime.EnqueueRequest.builder("builtin.noop").dependsOn(999_999).build());
    assertThatThrownBy(() -> store.enqueueAll(requests))
        .isInstanceOf(java.util.NoSuchElementException.class)
        .hasMessageContaining("999999");
    assertThat(store.stats().states().getOrDefault(JobState.PENDING, 0L)).isZero();
    assertThat(store.enqueueAll(requests.subList(0, 10))).hasSize(10);
    assertThat(store.stats().states().get(JobState.PENDING)).isEqualTo(10L);
  }

  /** {@code count} jobs with neither run, dependency nor unique key, of queue {@code q}. */
  private static List<dev.flowc.runtime.EnqueueRequest> independentJobs(int count, String stage) {
    List<dev.flowc.runtime.EnqueueRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(
          dev.flowc.runtime.EnqueueRequest.builder("builtin.noop")
              .stage(stage + i)
              .queue("q")
              .build());
    }
    return requests;
  }

  @Test
  void independent_jobs_go_in_one_statement_that_stores_all_or_nothing() throws Exception {
    PostgresJobStore store = open();
    // The queue's row is new: added by the same statement.
    long first = store.enqueueAll(independentJobs(1, "first")).get(0);
    assertThat(store.singleWrites()).isEqualTo(1);

    // PostgreSQL's text cannot hold a NUL character: the server refuses the statement, whose
    // new queue is not added either.
    List<dev.flowc.runtime.EnqueueRequest> requests = independentJobs(3_000, "x".repeat(200));
    requests.add(dev.flowc.runtime.EnqueueRequest.builder("builtin.noop").queue("fresh").build());
    requests.set(
        2_500,
        dev.flowc.runtime.EnqueueRequest.builder("builtin.noop")
            .stage("nul \u0000")
            .queue("q")
            .build());
    assertThatThrownBy(() -> store.enqueueAll(requests)).isInstanceOf(StoreException.class);
    assertThat(store.singleWrites()).isEqualTo(2);
    assertThat(store.stats().states().get(JobState.PENDING)).isEqualTo(1L);
    assertThat(queueNames()).containsExactly("q");

    List<Long> ids = store.enqueueAll(requests.subList(0, 2_000));
    assertThat(store.singleWrites()).isEqualTo(3);
    assertThat(ids).hasSize(2_000).isSorted().doesNotHaveDuplicates().allMatch(id -> id > first);
    assertThat(store.stats().states().get(JobState.PENDING)).isEqualTo(2_001L);
    assertThat(store.job(ids.get(1_999)).orElseThrow().summary().stage())
        .isEqualTo("x".repeat(200) + 1_999);
  }

  @Test
  void more_independent_jobs_than_one_statement_takes_are_copied_all_or_nothing() throws Exception {
    PostgresJobStore store = open();
    int count = NewJobsInsert.MAX_ROWS + 2; // the calls that succeed take one fewer
    List<dev.flowc.runtime.EnqueueRequest> requests = independentJobs(count, "x".repeat(100));
    // The queue is new: its row, the ids and the rows in one transaction, refused by the server
    // after the first chunks of the COPY went in.
    requests.set(
        count - 1,
        dev.flowc.runtime.EnqueueRequest.builder("builtin.noop")
            .stage("nul \u0000")
            .queue("q")
            .build());
    assertThatThrownBy(() -> store.enqueueAll(requests)).isInstanceOf(StoreException.class);
    assertThat(store.stats().states().getOrDefault(JobState.PENDING, 0L)).isZero();
    assertThat(queueNames()).isEmpty();

    List<Long> ids = store.enqueueAll(requests.subList(0, count - 1));
    assertThat(store.enqueueAll(requests.subList(0, count - 1))).hasSize(count - 1).isSorted();
    // The first in a transaction (its queue is new), the second as the ids and one COPY.
    assertThat(store.singleWrites()).isEqualTo(1);
    assertThat(ids).hasSize(count - 1).isSorted().doesNotHaveDuplicates();
    assertThat(store.stats().states().get(JobState.PENDING)).isEqualTo(2L * (count - 1));
    assertThat(store.job(ids.get(count - 2)).orElseThrow().summary().stage())
        .isEqualTo("x".repeat(100) + (count - 2));

    // The queue known, a wrong request refuses the call after the ids were taken.
    List<dev.flowc.runtime.EnqueueRequest> again = new ArrayList<>(requests);
    assertThatThrownBy(() -> store.enqueueAll(again)).isInstanceOf(StoreException.class);
    assertThat(store.singleWrites()).isEqualTo(2);
    assertThat(store.stats().states().get(JobState.PENDING)).isEqualTo(2L * (count - 1));
  }

  @Test
  void a_queue_added_by_an_enqueue_keeps_the_limit_a_plan_gave_it() throws Exception {
    PostgresJobStore submitter = open();
    submitter.createRun(
        new NewRun(
            new Plan(
                "pg",
                null,
                null,
                Map.of(),
                List.of(new QueueSpec("narrow", 1, null)),
                List.of(JobSpec.builder("a", "builtin.noop").queue("narrow").build())),
            null));
    PostgresJobStore other = open(); // has not seen the queue
    other.enqueueAll(
        List.of(dev.flowc.runtime.EnqueueRequest.builder("builtin.noop").queue("narrow").build()));
    assertThat(other.singleWrites()).isEqualTo(1);
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT concurrency FROM queues WHERE name = 'narrow'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
      assertThat(rows.next()).isFalse();
    }
  }

  @Test
  void calls_of_more_shapes_than_are_prepared_with_shared_values_store_every_value()
      throws Exception {
    PostgresJobStore store = open();
    // Two jobs a call, which differ in the columns of the bits of shape (and in their input):
    // 32 shapes, more than NewJobsInsert.MAX_SHAPES, so the later send every column that is not
    // left out as an array.
    for (int shape = 0; shape < 32; shape++) {
      List<dev.flowc.runtime.EnqueueRequest> requests = new ArrayList<>();
      for (int job = 0; job < 2; job++) {
        boolean other = job == 1;
        requests.add(
            dev.flowc.runtime.EnqueueRequest.builder("builtin.noop")
                .stage("shape" + shape)
                .queue(other && (shape & 1) != 0 ? "other" : "q")
                .priority(other && (shape & 2) != 0 ? 5 : 0)
                .retries(other && (shape & 4) != 0 ? 7 : 3)
                .timeout(other && (shape & 8) != 0 ? Duration.ofSeconds(9) : null)
                .metadata(
                    other && (shape & 16) != 0
                        ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                            .objectNode()
                            .put("m", shape)
                        : null)
                .input(new IntNode(shape * 2 + job))
                .build());
      }
      List<Long> ids = store.enqueueAll(requests);
      assertThat(ids).hasSize(2).isSorted();
      for (int job = 0; job < 2; job++) {
        boolean other = job == 1;
        try (Connection connection = schema.connect();
            Statement statement = connection.createStatement();
            ResultSet rows =
                statement.executeQuery(
                    "SELECT stage, queue, priority, max_retries, timeout_ms, metadata, input"
                        + " FROM jobs WHERE id = "
                        + ids.get(job))) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString(1)).isEqualTo("shape" + shape);
          assertThat(rows.getString(2)).isEqualTo(other && (shape & 1) != 0 ? "other" : "q");
          assertThat(rows.getInt(3)).isEqualTo(other && (shape & 2) != 0 ? 5 : 0);
          assertThat(rows.getInt(4)).isEqualTo(other && (shape & 4) != 0 ? 7 : 3);
          assertThat(rows.getObject(5))
              .isEqualTo(other && (shape & 8) != 0 ? Long.valueOf(9_000) : null);
          assertThat(rows.getString(6))
              .isEqualTo(other && (shape & 16) != 0 ? "{\"m\":" + shape + "}" : "{}");
          assertThat(rows.getString(7)).isEqualTo(Integer.toString(shape * 2 + job));
        }
      }
    }
    assertThat(store.singleWrites()).isEqualTo(32);
  }

  /** The names in the queues table. */
  private List<String> queueNames() throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name FROM queues ORDER BY name")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  @Test
  void ids_reserved_by_single_statement_enqueues_of_two_stores_at_once_are_never_given_twice()
      throws Exception {
    List<PostgresJobStore> stores = List.of(open(), open());
    List<Long> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    for (PostgresJobStore store : stores) {
      ids.addAll(store.enqueueAll(independentJobs(1, "known")));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (PostgresJobStore store : stores) {
        calls.add(
            pool.submit(
                () -> {
                  for (int call = 0; call < 20; call++) {
                    List<Long> batch = store.enqueueAll(independentJobs(500, "s"));
                    assertThat(batch).isSorted();
                    ids.addAll(batch);
                  }
                  return null;
                }));
      }
      for (Future<?> call : calls) {
        call.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(stores).allMatch(store -> store.singleWrites() == 21);
    assertThat(ids).hasSize(20_002).doesNotHaveDuplicates();
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(DISTINCT id) FROM jobs")) {
      rows.next();
      assertThat(rows.getLong(1)).isEqualTo(20_002);
    }
  }

  @Test
  void jobs_enqueued_in_one_statement_wake_the_workers_of_another_store() throws Exception {
    PostgresJobStore submitter = open();
    PostgresJobStore worker = open();
    submitter.enqueueAll(independentJobs(1, "known"));
    AtomicInteger wakeUps = new AtomicInteger();
    worker.onReady(priority -> wakeUps.incrementAndGet());
    awaitListening(1);
    int before = wakeUps.get();

    submitter.enqueueAll(independentJobs(10, "s"));
    assertThat(submitter.singleWrites()).isEqualTo(2);
    await(() -> wakeUps.get() > before, "the other store is told");
  }

  @Test
  void
      a_plan_the_server_refuses_in_the_middle_of_its_bulk_load_leaves_nothing_and_the_store_usable()
          throws Exception {
    PostgresJobStore store = open();
    List<JobSpec> jobs = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      // PostgreSQL's text cannot hold a NUL character: the server refuses the row, after the
      // first chunks of the load were sent.
      jobs.add(
          JobSpec.builder("s" + i, "builtin.noop")
              .description(i == 2_500 ? "nul \u0000 here" : "x".repeat(200))
              .build());
    }
    assertThatThrownBy(() -> store.createRun(new NewRun(plan(jobs), null)))
        .isInstanceOf(StoreException.class);
    assertThat(store.runs(10)).isEmpty();
    assertThat(store.stats().states().getOrDefault(JobState.PENDING, 0L)).isZero();
    RunView run = store.createRun(new NewRun(plan(jobs.subList(0, 10)), null));
    assertThat(store.runJobs(run.id())).hasSize(10);
  }

  private static long idOf(PostgresJobStore store, RunView run, String stage) {
    return store.runJobs(run.id()).stream()
        .filter(job -> job.stage().equals(stage))
        .findFirst()
        .orElseThrow()
        .id();
  }

  private static ClaimRequest claimOf(String owner, PostgresJobStore store, String queue, int n) {
    Instant now = store.clock().instant();
    return new ClaimRequest(
        owner, Set.of(queue), Set.of(), null, n, now, now.plus(Duration.ofMinutes(1)));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void a_job_made_ready_by_one_store_wakes_the_workers_of_another_through_notify()
      throws Exception {
    PostgresJobStore submitter = open();
    PostgresJobStore worker = open();
    AtomicInteger wakeUps = new AtomicInteger();
    worker.onReady(priority -> wakeUps.incrementAndGet());
    awaitListening(1);

    submitter.createRun(
        new NewRun(plan(List.of(JobSpec.builder("a", "builtin.noop").build())), null));
    await(() -> wakeUps.get() > 0, "the other store is told");
  }

  @Test
  void a_listening_connection_that_dies_is_made_again() throws Exception {
    PostgresJobStore submitter = open();
    PostgresJobStore worker = open();
    AtomicInteger wakeUps = new AtomicInteger();
    worker.onReady(priority -> wakeUps.incrementAndGet());
    awaitListening(1);
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'"
              + " AND application_name = 'flowc' AND datname = current_database()");
    }
    awaitListening(1);
    int before = wakeUps.get();
    submitter.createRun(
        new NewRun(plan(List.of(JobSpec.builder("a", "builtin.noop").build())), null));
    await(() -> wakeUps.get() > before, "the other store is told again");
  }

  /** Waits until {@code count} connections of this database listen. */
  private void awaitListening(int count) throws InterruptedException {
    await(
        () -> {
          try (Connection connection = schema.connect();
              Statement statement = connection.createStatement();
              ResultSet rows =
                  statement.executeQuery(
                      "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'flowc'"
                          + " AND datname = current_database() AND query LIKE 'LISTEN%'"
                          + " AND state = 'idle'")) {
            rows.next();
            return rows.getInt(1) >= count;
          } catch (Exception e) {
            return false;
          }
        },
        count + " connection(s) listen");
  }

  @Test
  void the_stores_clock_is_the_databases() throws Exception {
    PostgresJobStore store = open();
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")) {
      rows.next();
      long database = rows.getLong(1);
      assertThat(Math.abs(store.clock().millis() - database)).isLessThan(1_000);
    }
  }

  @Test
  void run_counters_kept_apart_are_folded_into_the_run_without_changing_what_is_read()
      throws Exception {
    PostgresJobStore store = open();
    RunView run =
        store.createRun(
            new NewRun(
                plan(
                    List.of(
                        JobSpec.builder("a", "builtin.noop").build(),
                        JobSpec.builder("b", "builtin.noop").build())),
                null));
    for (ClaimedJob job : store.claim(claimAll("w", store, 10))) {
      assertThat(store.complete(job.lease(), null).get()).isTrue();
    }
    RunView before = store.run(run.id()).orElseThrow();
    assertThat(before.status()).isEqualTo(RunStatus.COMPLETE);
    assertThat(before.finishedAt()).isNotNull();
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM run_deltas")) {
      rows.next();
      assertThat(rows.getInt(1)).as("changes kept apart").isPositive();
    }

    store.reclaimExpired(store.clock().instant(), 3);

    assertThat(store.run(run.id()).orElseThrow()).isEqualTo(before);
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT (SELECT count(*) FROM run_deltas), unfinished, status FROM runs"
                    + " WHERE id = "
                    + run.id())) {
      rows.next();
      assertThat(rows.getInt(1)).isZero();
      assertThat(rows.getInt(2)).isZero();
      assertThat(rows.getString(3)).isEqualTo("complete");
    }
  }

  @Test
  void every_job_made_ready_elsewhere_wakes_a_listening_store_and_the_delay_is_printed()
      throws Exception {
    PostgresJobStore submitter = open();
    PostgresJobStore worker = open();
    java.util.concurrent.BlockingQueue<Long> woke =
        new java.util.concurrent.LinkedBlockingQueue<>();
    worker.onReady(priority -> woke.add(System.nanoTime()));
    awaitListening(1);
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      woke.clear();
      long start = System.nanoTime();
      submitter.enqueue(dev.flowc.runtime.EnqueueRequest.builder("builtin.noop").build());
      Long at = woke.poll(20, TimeUnit.SECONDS);
      assertThat(at).as("wake-up " + i).isNotNull();
      micros.add((at - start) / 1_000);
    }
    List<Long> sorted = micros.stream().sorted().toList();
    // For the record (docs/runtime.md): from the enqueue's call (its commit included) to the
    // other store's wake-up.
    System.out.printf(
        "NOTIFY wake-up after enqueue: p50 %d us, max %d us (20 jobs)%n",
        sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
  }

  @Test
  void
      jobs_made_ready_are_announced_once_per_queue_after_the_commit_even_by_a_store_closed_at_once()
          throws Exception {
    PostgresJobStore submitter = open();
    try (Connection listening = schema.connect();
        Statement statement = listening.createStatement()) {
      statement.execute(submitter.channels().listen()[0]);
      org.postgresql.PGConnection pg = listening.unwrap(org.postgresql.PGConnection.class);

      submitter.enqueueAll(
          List.of(
              dev.flowc.runtime.EnqueueRequest.builder("builtin.noop").queue("q1").build(),
              dev.flowc.runtime.EnqueueRequest.builder("builtin.noop").queue("q2").build(),
              dev.flowc.runtime.EnqueueRequest.builder("builtin.noop").queue("q1").build()));
      assertThat(payloads(pg, 2)).containsExactlyInAnyOrder("q1", "q2");

      // A child released by its parent's completion: its queue is announced.
      submitter.createRun(
          new NewRun(
              new Plan(
                  "pg",
                  null,
                  null,
                  Map.of(),
                  List.of(new QueueSpec(QueueSpec.DEFAULT, null), new QueueSpec("later", null)),
                  List.of(
                      JobSpec.builder("a", "builtin.noop").build(),
                      JobSpec.builder("b", "builtin.noop").queue("later").dependsOn("a").build())),
              null));
      assertThat(payloads(pg, 1)).containsExactly(QueueSpec.DEFAULT);
      ClaimedJob parent =
          submitter.claim(claimAll("w", submitter, 10)).stream()
              .filter(job -> job.stage().equals("a"))
              .findFirst()
              .orElseThrow();
      assertThat(submitter.complete(parent.lease(), null).get()).isTrue();
      assertThat(payloads(pg, 1)).containsExactly("later");

      // Announcements still waiting to be sent go before close() returns.
      submitter.enqueue(
          dev.flowc.runtime.EnqueueRequest.builder("builtin.noop").queue("q3").build());
      submitter.close();
      assertThat(payloads(pg, 1)).containsExactly("q3");
      assertThat(pg.getNotifications(200)).as("nothing announced twice").isNullOrEmpty();
      // Not counted as a listening store by the next test (awaitListening) while it closes.
      statement.execute("UNLISTEN *");
    }
  }

  @Test
  void a_claim_commits_by_itself_and_one_that_reaches_limited_queues_locks_them_apart()
      throws Exception {
    PostgresJobStore store = open();
    store.createRun(
        new NewRun(
            new Plan(
                "pg",
                null,
                null,
                Map.of(),
                List.of(new QueueSpec(QueueSpec.DEFAULT, null), new QueueSpec("narrow", 1, null)),
                List.of(
                    JobSpec.builder("a", "builtin.noop").build(),
                    JobSpec.builder("b", "builtin.noop").build(),
                    JobSpec.builder("n1", "builtin.noop").queue("narrow").build(),
                    JobSpec.builder("n2", "builtin.noop").queue("narrow").build())),
            null));
    long before = store.singleWrites();
    List<ClaimedJob> two = store.claim(claimAll("w", store, 2));
    assertThat(two).extracting(ClaimedJob::stage).containsExactly("a", "b");
    assertThat(store.singleWrites()).as("one statement, no transaction").isEqualTo(before + 1);

    List<ClaimedJob> rest = store.claim(claimAll("w", store, 10));
    assertThat(rest).extracting(ClaimedJob::queue).containsExactly("narrow");
    assertThat(store.singleWrites()).isEqualTo(before + 2);
    assertThat(store.claim(claimAll("w", store, 10)))
        .as("the queue's one place is taken")
        .isEmpty();
  }

  @Test
  void a_submit_declaring_a_queue_as_stored_does_not_wait_for_another_transaction_on_its_row()
      throws Exception {
    PostgresJobStore store = open();
    List<QueueSpec> queues =
        List.of(new QueueSpec(QueueSpec.DEFAULT, null), new QueueSpec("narrow", 2, null));
    NewRun run =
        new NewRun(
            new Plan(
                "pg",
                null,
                null,
                Map.of(),
                queues,
                List.of(JobSpec.builder("n", "builtin.noop").queue("narrow").build())),
            null);
    store.createRun(run);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection other = schema.connect();
        Statement statement = other.createStatement()) {
      // Another process's submit of the queue, not committed yet: it holds the queue's row.
      other.setAutoCommit(false);
      statement.executeUpdate("UPDATE queues SET concurrency = 2 WHERE name = 'narrow'");
      Future<?> same = pool.submit(() -> store.createRun(run));
      same.get(20, TimeUnit.SECONDS);
      assertThat(store.stats().states()).containsEntry(JobState.PENDING, 2L);

      // A submit that changes the queue writes its row, so it waits for that transaction.
      NewRun wider =
          new NewRun(
              new Plan(
                  "pg",
                  null,
                  null,
                  Map.of(),
                  List.of(new QueueSpec("narrow", 3, null)),
                  List.of(JobSpec.builder("n", "builtin.noop").queue("narrow").build())),
              null);
      Future<?> changed = pool.submit(() -> store.createRun(wider));
      await(
          () -> waitingForALock(),
          "the submit that changes the queue waits for the other transaction's row lock");
      assertThat(changed).isNotDone();
      other.commit();
      changed.get(20, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery("SELECT concurrency FROM queues WHERE name = 'narrow'")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getInt(1)).isEqualTo(3);
    }
  }

  /** Whether a session of this test's database waits for a row lock. */
  private boolean waitingForALock() {
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND datname = current_database()")) {
      rows.next();
      return rows.getInt(1) > 0;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void a_store_is_not_woken_again_by_its_own_announcement_and_another_store_is() throws Exception {
    PostgresJobStore submitter = open();
    PostgresJobStore other = open();
    java.util.concurrent.atomic.AtomicInteger ownWakeUps =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger otherWakeUps =
        new java.util.concurrent.atomic.AtomicInteger();
    submitter.onReady(priority -> ownWakeUps.incrementAndGet());
    other.onReady(priority -> otherWakeUps.incrementAndGet());
    awaitListening(2);

    submitter.enqueue(dev.flowc.runtime.EnqueueRequest.builder("builtin.noop").build());
    await(() -> otherWakeUps.get() == 1, "the other store woken by the announcement");
    // A notification of someone else, after the announcement: once the submitter's listener got
    // it, it got the announcement before it (a listener gets them in order).
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_notify('" + submitter.channels().ready() + "', 'marker')");
    }
    await(() -> otherWakeUps.get() == 2, "the other store woken by the marker");
    await(() -> ownWakeUps.get() >= 2, "the submitter woken by the marker");
    assertThat(ownWakeUps).as("woken by its commit, then by the marker alone").hasValue(2);
  }

  @Test
  void a_completion_that_claimed_every_job_it_made_ready_wakes_no_worker_and_a_short_one_does()
      throws Exception {
    PostgresJobStore worker = open();
    PostgresJobStore other = open();
    java.util.concurrent.atomic.AtomicInteger ownWakeUps =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger otherWakeUps =
        new java.util.concurrent.atomic.AtomicInteger();
    worker.onReady(priority -> ownWakeUps.incrementAndGet());
    other.onReady(priority -> otherWakeUps.incrementAndGet());
    awaitListening(2);
    worker.createRun(
        new NewRun(
            plan(
                List.of(
                    JobSpec.builder("a", "builtin.noop").build(),
                    JobSpec.builder("b", "builtin.noop").dependsOn("a").build(),
                    JobSpec.builder("c", "builtin.noop").dependsOn("a").build(),
                    JobSpec.builder("d", "builtin.noop").dependsOn("b").build(),
                    JobSpec.builder("e", "builtin.noop").dependsOn("b").build())),
            null));
    await(() -> otherWakeUps.get() == 1, "the other store woken by the submit");
    ClaimedJob a = worker.claim(claimAll("w", worker, 1)).get(0);

    List<ClaimedJob> both =
        worker
            .completeThenClaim(a.lease(), null, null, null, claimAll("w", worker, 5))
            .get()
            .claimed();
    assertThat(both).extracting(ClaimedJob::stage).containsExactlyInAnyOrder("b", "c");
    marker(worker);
    await(() -> otherWakeUps.get() == 2, "the other store woken by the marker");
    await(() -> ownWakeUps.get() >= 2, "the worker's store woken by the marker");
    assertThat(ownWakeUps).as("by the submit and the marker: not by the completion").hasValue(2);

    ClaimedJob b = both.stream().filter(job -> job.stage().equals("b")).findFirst().orElseThrow();
    List<ClaimedJob> one =
        worker
            .completeThenClaim(b.lease(), null, null, null, claimAll("w", worker, 1))
            .get()
            .claimed();
    assertThat(one).hasSize(1);
    await(() -> otherWakeUps.get() == 3, "the other store woken for the job left ready");
    marker(worker);
    await(() -> otherWakeUps.get() == 4, "the other store woken by the marker");
    await(() -> ownWakeUps.get() >= 4, "the worker's store woken by the marker");
    assertThat(ownWakeUps).as("by its commit this time").hasValue(4);
  }

  /**
   * A notification of no store on {@code store}'s channel: each listener gets it after what was
   * sent before.
   */
  private void marker(PostgresJobStore store) throws Exception {
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_notify('" + store.channels().ready() + "', 'marker')");
    }
  }

  /** The payloads of the next {@code count} notifications, waiting up to 20 s for them. */
  private static List<String> payloads(org.postgresql.PGConnection pg, int count) throws Exception {
    List<String> payloads = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (payloads.size() < count && System.nanoTime() < deadline) {
      org.postgresql.PGNotification[] notifications = pg.getNotifications(500);
      if (notifications != null) {
        for (org.postgresql.PGNotification notification : notifications) {
          payloads.add(notification.getParameter());
        }
      }
    }
    return payloads;
  }

  @Test
  void a_listening_connection_gone_half_open_is_found_by_its_periodic_query_and_made_again()
      throws Exception {
    java.net.URI server = java.net.URI.create(schema.url().substring("jdbc:".length()));
    try (FreezingProxy proxy = new FreezingProxy(server.getHost(), server.getPort())) {
      String proxied =
          schema
              .url()
              .replace(server.getHost() + ":" + server.getPort(), "127.0.0.1:" + proxy.port());
      PostgresJobStore worker = PostgresJobStore.open(proxied, StoreOptions.defaults(), null);
      opened.add(worker);
      PostgresJobStore submitter = open();
      java.util.concurrent.BlockingQueue<Long> woke =
          new java.util.concurrent.LinkedBlockingQueue<>();
      worker.onReady(priority -> woke.add(System.nanoTime()));
      awaitListening(1);

      proxy.freeze(); // the listener's connection stays open and carries nothing
      woke.clear();
      submitter.createRun(
          new NewRun(plan(List.of(JobSpec.builder("a", "builtin.noop").build())), null));

      // Found within a wait (5 s) plus the socket timeout of its query (10 s), then made again.
      assertThat(woke.poll(60, TimeUnit.SECONDS)).as("the worker is woken").isNotNull();
    }
  }

  @Test
  void children_and_parents_are_looked_up_by_primary_key_even_before_the_jobs_are_analyzed()
      throws Exception {
    // A layered DAG just stored: no statistics yet, as when a run starts.
    List<JobSpec> jobs = new ArrayList<>();
    for (int layer = 0; layer < 20; layer++) {
      for (int i = 0; i < 100; i++) {
        JobSpec.Builder job = JobSpec.builder("j" + layer + "_" + i, "builtin.noop");
        if (layer > 0) {
          job.dependsOn("j" + (layer - 1) + "_" + i, "j" + (layer - 1) + "_" + ((i + 1) % 100));
        }
        jobs.add(job.build());
      }
    }
    open().createRun(new NewRun(plan(jobs), null));
    StringBuilder explained = new StringBuilder();
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement()) {
      // The plan a prepared statement keeps for every parameter once it stops planning each call.
      statement.execute("SET plan_cache_mode = force_generic_plan");
      statement.execute(
          "PREPARE release_children (bigint) AS UPDATE jobs SET unmet = unmet - 1 WHERE "
              + new PostgresDialect(PostgresChannels.LEGACY).dependentsOf("$1")
              + " AND state = 'blocked'");
      statement.execute(
          "PREPARE parents_results (bigint) AS SELECT stage, result FROM jobs WHERE "
              + new PostgresDialect(PostgresChannels.LEGACY)
                  .dependenciesOf("coalesce((SELECT g.group_id FROM jobs g WHERE g.id = $1), $1)"));
      for (String prepared : List.of("release_children (1)", "parents_results (150)")) {
        try (ResultSet plan = statement.executeQuery("EXPLAIN EXECUTE " + prepared)) {
          while (plan.next()) {
            explained.append(plan.getString(1)).append('\n');
          }
        }
      }
    }
    assertThat(explained.toString()).doesNotContain("Seq Scan on jobs");
    // Release: the children by key; results: the job's group, then the parents, by key.
    assertThat(explained.toString().split("jobs_pkey", -1)).hasSize(4);
  }

  @Test
  void jobs_enqueued_outside_a_run_are_left_out_of_the_runs_index_which_a_runs_jobs_still_use()
      throws Exception {
    PostgresJobStore store = open();
    for (int run = 0; run < 20; run++) {
      List<JobSpec> jobs = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        jobs.add(JobSpec.builder("j" + i, "builtin.noop").build());
      }
      store.createRun(new NewRun(plan(jobs), null));
    }
    List<dev.flowc.runtime.EnqueueRequest> requests = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      requests.add(dev.flowc.runtime.EnqueueRequest.builder("builtin.noop").build());
    }
    store.enqueueAll(requests);
    String definition;
    StringBuilder explained = new StringBuilder();
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("ANALYZE jobs");
      try (ResultSet rows =
          statement.executeQuery("SELECT pg_get_indexdef('jobs_run'::regclass)")) {
        rows.next();
        definition = rows.getString(1);
      }
      // The plan a prepared statement keeps for every run once it stops planning each call.
      statement.execute("SET plan_cache_mode = force_generic_plan");
      statement.execute("PREPARE run_jobs (bigint) AS SELECT count(*) FROM jobs WHERE run_id = $1");
      try (ResultSet plan = statement.executeQuery("EXPLAIN EXECUTE run_jobs (3)")) {
        while (plan.next()) {
          explained.append(plan.getString(1)).append('\n');
        }
      }
    }
    // One b-tree entry less per job enqueued without a run (docs/performance.md).
    assertThat(definition).endsWith("WHERE (run_id IS NOT NULL)");
    assertThat(explained.toString()).contains("jobs_run").doesNotContain("Seq Scan on jobs");
  }
}
