package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.store.postgres.PostgresTestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A runtime opened on a {@code jdbc:postgresql:} store string runs a DAG to the end. */
class PostgresRuntimeTest {
  private PostgresTestSchema schema;

  @BeforeEach
  void createSchema() {
    schema = PostgresTestSchema.create();
  }

  @AfterEach
  void dropSchema() {
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void a_diamond_runs_to_completion_on_a_postgresql_store_named_by_its_url() throws Exception {
    try (FlowRuntime runtime = FlowRuntime.builder().store(schema.url()).open()) {
      assertThat(runtime.storeLocation()).startsWith("jdbc:postgresql:");
      runtime.startWorker(WorkerOptions.of(4));
      RunView run =
          runtime.submit(
              plan()
                  .job(stage("a", "builtin.echo", "{'n': 1}"))
                  .job(stage("b", "builtin.echo", "{'n': {'$result': 'a', 'path': ['n']}}", "a"))
                  .job(stage("c", "builtin.noop", null, "a"))
                  .job(stage("d", "builtin.echo", "{'b': {'$result': 'b', 'path': []}}", "b", "c"))
                  .build());
      RunView done = runtime.awaitRun(run.id(), Duration.ofSeconds(30));
      assertThat(done.status()).isEqualTo(RunStatus.COMPLETE);
      JobSummary d =
          runtime.jobs(run.id()).stream().filter(j -> j.stage().equals("d")).findFirst().get();
      assertThat(runtime.job(d.id()).orElseThrow().result().toString())
          .isEqualTo("{\"b\":{\"n\":1}}");
    }
  }

  @Test
  void a_worker_whose_outcomes_wait_for_the_database_holds_no_more_jobs_than_its_places()
      throws Exception {
    int jobs = 3_000;
    try (FlowRuntime runtime = FlowRuntime.builder().store(schema.url()).open()) {
      Plans plan = plan().job(stage("first", "builtin.noop", null));
      plan.job(stage("child", "builtin.noop", null, "first"));
      for (int i = 0; i < jobs; i++) {
        plan.job(stage("s" + i, "builtin.noop", null));
      }
      RunView run = runtime.submit(plan.build());
      long most = 0;
      try (Connection lock = schema.connect();
          Statement statement = lock.createStatement()) {
        lock.setAutoCommit(false);
        // The transaction that completes "first" (claimed first: the lowest id) releases its child,
        // so it waits for this lock, and every outcome after it waits in the store's queue: a
        // database that stopped answering, for the worker.
        statement.executeQuery("SELECT id FROM jobs WHERE stage = 'child' FOR UPDATE").close();
        runtime.startWorker(WorkerOptions.of(4));
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
          try (Connection look = schema.connect();
              Statement count = look.createStatement();
              ResultSet running =
                  count.executeQuery("SELECT count(*) FROM jobs WHERE state = 'running'")) {
            running.next();
            most = Math.max(most, running.getLong(1));
          }
          Thread.sleep(20); // sampling the store's rows while the worker runs, not a wait
        }
        lock.rollback();
      }
      // Four threads and a prefetch of at most 508: the jobs it runs or holds, and twice as many
      // that ran and could not be recorded yet. Without the bound it ran all 3,000, whose leases
      // nothing renewed meanwhile.
      assertThat(most).isPositive().isLessThanOrEqualTo(3 * 512);
      RunView done = runtime.awaitRun(run.id(), Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(RunStatus.COMPLETE);
      assertThat(runtime.jobs(run.id())).allSatisfy(job -> assertThat(job.attempts()).isEqualTo(1));
    }
  }

  @Test
  void two_runtimes_on_one_database_run_every_job_exactly_once() throws Exception {
    try (FlowRuntime first = FlowRuntime.builder().store(schema.url()).open();
        FlowRuntime second = FlowRuntime.builder().store(schema.url()).open()) {
      Plans plan = plan();
      for (int i = 0; i < 200; i++) {
        plan.job(stage("s" + i, "builtin.noop", null));
      }
      RunView run = first.submit(plan.build());
      first.startWorker(WorkerOptions.of(4));
      second.startWorker(WorkerOptions.of(4));
      RunView done = first.awaitRun(run.id(), Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(RunStatus.COMPLETE);
      assertThat(first.jobs(run.id()))
          .hasSize(200)
          .allSatisfy(job -> assertThat(job.attempts()).isEqualTo(1));
    }
  }

  @Test
  void a_worker_goes_on_when_its_connections_are_cut_mid_run() throws Exception {
    try (FlowRuntime runtime =
        FlowRuntime.builder().store(schema.url()).leaseDuration(Duration.ofSeconds(3)).open()) {
      Plans plan = plan();
      for (int i = 0; i < 300; i++) {
        plan.job(stage("s" + i, "builtin.sleep", "{'ms': 10}"));
      }
      RunView run = runtime.submit(plan.build());
      Worker worker = runtime.startWorker(WorkerOptions.of(4));
      for (int cut = 1; cut <= 2; cut++) {
        int done = 100 * cut;
        RuntimeTestSupport.await(
            done + " jobs done",
            () -> 300 - runtime.run(run.id()).orElseThrow().unfinished() >= done);
        // Every connection of the store (pool and listener) is killed, as by a database restart.
        try (Connection connection = schema.connect();
            Statement statement = connection.createStatement();
            ResultSet killed =
                statement.executeQuery(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE application_name = 'flowc' AND datname = current_database()")) {
          killed.next();
          assertThat(killed.getInt(1)).isPositive();
        }
      }
      RunView finished = runtime.awaitRun(run.id(), Duration.ofSeconds(60));
      assertThat(worker.storeFailure()).isEmpty();
      assertThat(finished.status()).isEqualTo(RunStatus.COMPLETE);
      assertThat(runtime.jobs(run.id()))
          .allSatisfy(job -> assertThat(job.state()).isEqualTo(JobState.COMPLETE));
    }
  }

  @Test
  void a_cancel_from_another_process_reaches_a_running_job_before_the_next_heartbeat()
      throws Exception {
    try (FlowRuntime worker =
            FlowRuntime.builder()
                .store(schema.url())
                .leaseDuration(Duration.ofMinutes(3))
                .heartbeatInterval(Duration.ofMinutes(1))
                .open();
        FlowRuntime user = FlowRuntime.builder().store(schema.url()).open()) {
      worker.startWorker(WorkerOptions.of(1));
      RunView run =
          user.submit(plan().job(stage("long", "builtin.sleep", "{'ms': 120000}")).build());
      long job = user.jobs(run.id()).get(0).id();
      RuntimeTestSupport.awaitState(user, job, JobState.RUNNING);
      RuntimeTestSupport.await(
          "the handler started", () -> user.job(job).orElseThrow().summary().startedAt() != null);

      assertThat(user.cancel(job)).isTrue();

      // Within the 20 s of the wait, while the worker's next heartbeat is a minute away.
      RuntimeTestSupport.awaitState(user, job, JobState.CANCELLED);
    }
  }
}
