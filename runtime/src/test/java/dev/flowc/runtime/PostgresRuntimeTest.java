package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.store.postgres.PostgresTestSchema;
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
}
