package dev.flowc.runtime.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowc.dag.Each;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.NewRun;
import dev.flowc.runtime.store.StoreOptions;
import dev.flowc.runtime.store.postgres.PostgresJobStore;
import dev.flowc.runtime.store.postgres.PostgresTestSchema;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The statements on the path from a parent's end to its child's start, on PostgreSQL, where each is
 * a round trip: a claim that needs no queue's limit is one statement that commits lazily by itself,
 * and a job's parents' results are one read.
 */
class ClaimStatementsTest {
  private Dialect dialect;
  private PostgresTestSchema schema;
  private PostgresJobStore store;

  @BeforeEach
  void createSchema() {
    schema = PostgresTestSchema.create();
    store = PostgresJobStore.open(schema.url(), StoreOptions.defaults(), null);
    dialect = ((JdbcJobStore) store).dialect();
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void a_claim_commits_without_waiting_for_the_disk_and_the_connection_then_waits_again()
      throws Exception {
    submit(List.of(new QueueSpec(QueueSpec.DEFAULT, null)), jobs(3, QueueSpec.DEFAULT));
    try (Connection connection = schema.connect()) {
      // The server's own setting, which every other transaction keeps (CI's test server has it
      // off for all; a production server has it on).
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET synchronous_commit = on");
      }
      connection.setAutoCommit(false);
      assertThat(claim(connection, 16)).hasSize(3);
      assertThat(synchronousCommit(connection)).isEqualTo("off");
      connection.commit();
      assertThat(synchronousCommit(connection)).as("the session's setting again").isEqualTo("on");
    }
  }

  @Test
  void a_claim_after_a_completion_leaves_the_completions_commit_durable() throws Exception {
    submitParentAndChild();
    try (Connection connection = schema.connect()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET synchronous_commit = on");
      }
      connection.setAutoCommit(false);
      ClaimedJob parent = claim(connection, 1).get(0);
      connection.commit();
      ClaimAfterCompletion next = claimAfter("w", 4);
      // An op after the completion: the claim is not the transaction's last statement, so the
      // transaction is still open to look at (see the next test for the last).
      WriteBatch.apply(
          tx(connection),
          List.<WriteOp<?>>of(new Completion(parent.lease(), "1", null, null, next), tx -> null));
      assertThat(next.claimed()).extracting(ClaimedJob::stage).containsExactly("child");
      assertThat(synchronousCommit(connection)).as("a completion's commit").isEqualTo("on");
      connection.commit();
    }
  }

  @Test
  void a_claim_after_a_completion_that_is_its_transactions_last_statement_commits_it()
      throws Exception {
    submitParentAndChild();
    try (Connection connection = schema.connect();
        Connection other = schema.connect()) {
      connection.setAutoCommit(false);
      ClaimedJob parent = claim(connection, 1).get(0);
      connection.commit();
      ClaimAfterCompletion next = claimAfter("w", 4);
      WriteBatch.apply(
          tx(connection), List.of(new Completion(parent.lease(), "1", null, null, next)));
      assertThat(next.claimed()).extracting(ClaimedJob::stage).containsExactly("child");
      // Committed by the claim's statement, before the transaction strategy's commit: another
      // connection sees the parent complete and the child running already.
      Map<String, String> states = new HashMap<>();
      try (Statement statement = other.createStatement();
          ResultSet rows = statement.executeQuery("SELECT stage, state FROM jobs")) {
        while (rows.next()) {
          states.put(rows.getString(1), rows.getString(2));
        }
      }
      assertThat(states).containsEntry("parent", "complete").containsEntry("child", "running");
      connection.commit(); // nothing left to commit
    }
  }

  @Test
  void the_completions_of_one_worker_in_one_transaction_make_one_claim_the_largest_asked()
      throws Exception {
    submit(
        List.of(new QueueSpec(QueueSpec.DEFAULT, null)),
        List.of(
            JobSpec.builder("p1", "builtin.noop").build(),
            JobSpec.builder("p2", "builtin.noop").build(),
            JobSpec.builder("c1", "builtin.noop").dependsOn("p1").build(),
            JobSpec.builder("c2", "builtin.noop").dependsOn("p2").build(),
            JobSpec.builder("c3", "builtin.noop").dependsOn("p2").build()));
    AtomicInteger executed = new AtomicInteger();
    try (Connection connection = counting(schema.connect(), executed)) {
      connection.setAutoCommit(false);
      List<ClaimedJob> parents = claim(connection, 2);
      connection.commit();
      ClaimAfterCompletion small = claimAfter("w", 1);
      ClaimAfterCompletion large = claimAfter("w", 2);
      ClaimAfterCompletion otherWorker = claimAfter("v", 1);
      executed.set(0);
      WriteBatch.apply(
          tx(connection),
          List.of(
              new Completion(parents.get(0).lease(), "1", null, null, small),
              new Completion(parents.get(1).lease(), "2", null, null, large),
              new Completion(parents.get(1).lease(), "2", null, null, otherWorker)));
      connection.commit();
      assertThat(small.claimed()).isEmpty();
      assertThat(large.claimed()).hasSize(2);
      assertThat(otherWorker.claimed()).as("another worker's own claim").hasSize(1);
      assertThat(executed.get())
          .as("children locked, the completions' two statements, one claim per worker")
          .isEqualTo(5);
    }
  }

  @Test
  void a_claim_is_one_statement_when_it_fills_its_request_or_no_queue_has_a_limit_even_empty()
      throws Exception {
    submit(List.of(new QueueSpec(QueueSpec.DEFAULT, null)), jobs(5, QueueSpec.DEFAULT));
    AtomicInteger executed = new AtomicInteger();
    try (Connection connection = counting(schema.connect(), executed)) {
      connection.setAutoCommit(false);
      assertThat(claim(connection, 2)).hasSize(2);
      assertThat(executed).as("a claim that fills its request").hasValue(1);
      executed.set(0);
      assertThat(claim(connection, 16)).hasSize(3);
      assertThat(executed).as("a short claim while no queue has a limit").hasValue(1);
      executed.set(0);
      assertThat(claim(connection, 16)).isEmpty();
      assertThat(executed).as("a claim that finds nothing while no queue has a limit").hasValue(1);
      connection.commit();
    }
  }

  @Test
  void a_short_claim_still_takes_the_jobs_of_a_limited_queue_within_its_limit() throws Exception {
    List<JobSpec> jobs = new ArrayList<>(jobs(2, QueueSpec.DEFAULT));
    jobs.addAll(jobs(3, "narrow"));
    submit(List.of(new QueueSpec(QueueSpec.DEFAULT, null), new QueueSpec("narrow", 2, null)), jobs);
    AtomicInteger executed = new AtomicInteger();
    try (Connection connection = counting(schema.connect(), executed)) {
      connection.setAutoCommit(false);
      List<ClaimedJob> claimed = claim(connection, 16);
      connection.commit();
      assertThat(claimed)
          .extracting(ClaimedJob::queue)
          .containsExactlyInAnyOrder(QueueSpec.DEFAULT, QueueSpec.DEFAULT, "narrow", "narrow");
      assertThat(executed.get())
          .as("the limits read, the queue locked and counted")
          .isGreaterThan(1);
    }
  }

  @Test
  void the_results_of_a_jobs_parents_and_of_an_items_stages_parents_are_one_read()
      throws Exception {
    long run =
        submit(
            List.of(new QueueSpec(QueueSpec.DEFAULT, null)),
            List.of(
                JobSpec.builder("extract", "builtin.noop").build(),
                JobSpec.builder("load", "builtin.noop").dependsOn("extract").build(),
                JobSpec.builder("publish", "builtin.noop")
                    .dependsOn("extract")
                    .each(Each.over(JsonNodeFactory.instance.arrayNode().add("eu").add("us"), "r"))
                    .build()));
    try (Connection connection = schema.connect()) {
      connection.setAutoCommit(false);
      ClaimedJob extract = claim(connection, 1).get(0);
      connection.commit();
      assertThat(
              store
                  .complete(extract.lease(), JsonNodeFactory.instance.objectNode().put("rows", 7))
                  .get())
          .isTrue();
    }
    List<Long> readers = new ArrayList<>();
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT id FROM jobs WHERE run_id = "
                    + run
                    + " AND (stage = 'load' OR group_id IS NOT NULL) ORDER BY id")) {
      while (rows.next()) {
        readers.add(rows.getLong(1));
      }
    }
    assertThat(readers).as("the child and the stage's two items").hasSize(3);
    AtomicInteger executed = new AtomicInteger();
    try (Connection connection = counting(schema.connect(), executed)) {
      for (long job : readers) {
        executed.set(0);
        Map<String, JsonNode> results = JobQueries.dependencyResults(connection, dialect, job);
        assertThat(results).as("job %d", job).containsOnlyKeys("extract");
        assertThat(results.get("extract").path("rows").asInt()).isEqualTo(7);
        assertThat(executed).as("job %d", job).hasValue(1);
      }
    }
  }

  @Test
  void a_claim_reads_the_parents_results_of_a_job_whose_input_takes_them_up_to_64_kb()
      throws Exception {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    JsonNode takesExtract =
        nodes.objectNode().set("n", nodes.objectNode().put("$result", "extract"));
    JsonNode takesHuge = nodes.objectNode().set("n", nodes.objectNode().put("$result", "huge"));
    submit(
        List.of(new QueueSpec(QueueSpec.DEFAULT, null)),
        List.of(
            JobSpec.builder("extract", "builtin.noop").build(),
            JobSpec.builder("huge", "builtin.noop").build(),
            JobSpec.builder("load", "builtin.noop")
                .dependsOn("extract")
                .input(takesExtract)
                .build(),
            JobSpec.builder("publish", "builtin.noop")
                .dependsOn("extract")
                .input(takesExtract)
                .each(Each.over(nodes.arrayNode().add("eu").add("us"), "r"))
                .build(),
            JobSpec.builder("plain", "builtin.noop").dependsOn("extract").build(),
            JobSpec.builder("late", "builtin.noop").dependsOn("huge").input(takesHuge).build()));
    List<ClaimedJob> parents;
    try (Connection connection = schema.connect()) {
      connection.setAutoCommit(false);
      parents = claim(connection, 2);
      connection.commit();
    }
    store.complete(parents.get(0).lease(), nodes.objectNode().put("rows", 7)).get();
    store.complete(parents.get(1).lease(), nodes.textNode("x".repeat(70_000))).get();

    List<ClaimedJob> claimed = store.claim(claimAll(16));

    assertThat(claimed)
        .extracting(ClaimedJob::stage)
        .containsExactlyInAnyOrder("load", "publish", "publish", "plain", "late");
    for (ClaimedJob job : claimed) {
      // The items' inputs took the results when the stage was expanded; plain takes none; late's
      // are over 64 KB: only load's are read by the claim.
      boolean read = job.stage().equals("load");
      assertThat(job.dependencyResults() != null).as(job.stage()).isEqualTo(read);
      assertThat(store.dependencyResults(job))
          .as(job.stage())
          .isEqualTo(store.dependencyResults(job.id()));
    }
  }

  @Test
  void a_completion_releases_its_children_and_counts_its_run_in_one_statement_a_refused_one_none()
      throws Exception {
    long run =
        submit(
            List.of(
                new QueueSpec(QueueSpec.DEFAULT, null),
                new QueueSpec("later", null),
                new QueueSpec("elsewhere", null)),
            List.of(
                JobSpec.builder("extract", "builtin.noop").build(),
                JobSpec.builder("other", "builtin.noop").queue("elsewhere").build(),
                JobSpec.builder("load", "builtin.noop").queue("later").dependsOn("extract").build(),
                JobSpec.builder("audit", "builtin.noop").dependsOn("extract", "other").build()));
    ClaimedJob extract;
    try (Connection connection = schema.connect()) {
      connection.setAutoCommit(false);
      extract =
          claim(connection, 16).stream()
              .filter(job -> job.stage().equals("extract"))
              .findFirst()
              .orElseThrow();
      connection.commit();
    }
    AtomicInteger executed = new AtomicInteger();
    try (Connection connection = counting(schema.connect(), executed)) {
      connection.setAutoCommit(false);
      WriteTx refused = tx(connection);
      dev.flowc.runtime.store.Lease stale =
          new dev.flowc.runtime.store.Lease(extract.id(), "another", extract.lease().claim());
      assertThat(JobTransitions.complete(refused, stale, "{}", null)).isFalse();
      assertThat(refused.readied()).isFalse();
      executed.set(0);

      WriteTx tx = tx(connection);
      assertThat(JobTransitions.complete(tx, extract.lease(), "{\"rows\": 7}", null)).isTrue();
      assertThat(executed).as("the completion and the release").hasValue(1);
      assertThat(tx.readiedQueues()).containsExactly("later");
      tx.finish();
      connection.commit();
    }
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT unfinished FROM " + dialect.runsView() + " WHERE id = " + run)) {
      rows.next();
      assertThat(rows.getInt(1)).as("the run's jobs not final, counted once").isEqualTo(3);
    }
    Map<String, String> states = new HashMap<>();
    Map<String, Integer> unmet = new HashMap<>();
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT stage, state, unmet FROM jobs WHERE run_id = " + run)) {
      while (rows.next()) {
        states.put(rows.getString(1), rows.getString(2));
        unmet.put(rows.getString(1), rows.getInt(3));
      }
    }
    assertThat(states)
        .containsEntry("extract", "complete")
        .containsEntry("load", "pending")
        .containsEntry("audit", "blocked");
    assertThat(unmet).containsEntry("load", 0).containsEntry("audit", 1);
  }

  private WriteTx tx(Connection connection) {
    return new WriteTx(connection, new HashMap<>(), false, Instant.now().toEpochMilli(), dialect);
  }

  private List<ClaimedJob> claim(Connection connection, int limit) throws Exception {
    Instant now = Instant.now();
    WriteTx tx = new WriteTx(connection, new HashMap<>(), false, now.toEpochMilli(), dialect);
    return JobTransitions.claim(
        tx,
        new ClaimRequest(
            "w", Set.of(), Set.of(), null, limit, now, now.plus(Duration.ofMinutes(1))),
        runId -> null);
  }

  private static ClaimRequest claimAll(int limit) {
    Instant now = Instant.now();
    return new ClaimRequest("w", Set.of(), Set.of(), null, limit, now, now.plusSeconds(60));
  }

  private void submitParentAndChild() {
    submit(
        List.of(new QueueSpec(QueueSpec.DEFAULT, null)),
        List.of(
            JobSpec.builder("parent", "builtin.noop").build(),
            JobSpec.builder("child", "builtin.noop").dependsOn("parent").build()));
  }

  private static ClaimAfterCompletion claimAfter(String owner, int limit) {
    Instant now = Instant.now();
    return new ClaimAfterCompletion(
        new ClaimRequest(owner, Set.of(), Set.of(), null, limit, now, now.plusSeconds(60)),
        (tx, runId) -> null);
  }

  private static List<JobSpec> jobs(int count, String queue) {
    List<JobSpec> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      jobs.add(JobSpec.builder(queue + i, "builtin.noop").queue(queue).build());
    }
    return jobs;
  }

  private long submit(List<QueueSpec> queues, List<JobSpec> jobs) {
    return store
        .createRun(new NewRun(new Plan("claims", null, null, Map.of(), queues, jobs), null))
        .id();
  }

  private static String synchronousCommit(Connection connection) throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW synchronous_commit")) {
      rows.next();
      return rows.getString(1);
    }
  }

  /** {@code connection}, counting the statements its prepared statements execute. */
  private static Connection counting(Connection connection, AtomicInteger executed) {
    return (Connection)
        Proxy.newProxyInstance(
            ClaimStatementsTest.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              Object result = invoke(connection, method, args);
              if (method.getName().equals("prepareStatement")) {
                PreparedStatement prepared = (PreparedStatement) result;
                return Proxy.newProxyInstance(
                    ClaimStatementsTest.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class},
                    (p, m, a) -> {
                      if (m.getName().startsWith("execute")) {
                        executed.incrementAndGet();
                      }
                      return invoke(prepared, m, a);
                    });
              }
              return result;
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
