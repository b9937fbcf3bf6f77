package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.store.postgres.PostgresTestSchema;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, in one process, a job made ready by a completion of this process is claimed at
 * once (the completing commit wakes the worker), not at the worker's next poll.
 */
class PostgresChainLatencyTest {
  /** Long enough that a chain waiting a poll per step could not finish within the bound below. */
  private static final Duration POLL = Duration.ofSeconds(1);

  private static final int LENGTH = Integer.getInteger("flowc.test.chainLength", 50);

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
  void a_chain_of_jobs_runs_each_step_without_waiting_for_a_poll() throws Exception {
    Plans chain = plan();
    chain.job(stage("s0", "builtin.noop", null));
    for (int i = 1; i < LENGTH; i++) {
      chain.job(stage("s" + i, "builtin.noop", null, "s" + (i - 1)));
    }
    Map<String, Long> completed = new ConcurrentHashMap<>();
    Map<String, Long> claimed = new ConcurrentHashMap<>();
    try (FlowRuntime runtime = FlowRuntime.builder().store(schema.url()).pollInterval(POLL).open();
        AutoCloseable subscription =
            runtime.subscribe(
                event -> {
                  if (event.state() == JobState.COMPLETE) {
                    completed.put(event.stage(), System.nanoTime());
                  } else if (event.state() == JobState.RUNNING) {
                    claimed.putIfAbsent(event.stage(), System.nanoTime());
                  }
                })) {
      runtime.startWorker(WorkerOptions.of(2));
      long start = System.nanoTime();
      RunView run = runtime.submit(chain.build());
      RunView done = runtime.awaitRun(run.id(), Duration.ofSeconds(120));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(done.status()).isEqualTo(RunStatus.COMPLETE);
      long[] steps = new long[LENGTH - 1];
      for (int i = 1; i < LENGTH; i++) {
        steps[i - 1] = claimed.get("s" + i) - completed.get("s" + (i - 1));
      }
      Arrays.sort(steps);
      // Measured, not asserted: printed for the record.
      System.out.printf(
          "PostgreSQL chain of %d jobs, one process: %d ms; parent complete -> child claimed"
              + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          LENGTH,
          took.toMillis(),
          steps[steps.length / 2] / 1e6,
          steps[(int) Math.ceil(0.99 * steps.length) - 1] / 1e6,
          steps[steps.length - 1] / 1e6);
      // A poll per step would take LENGTH seconds: a generous bound against that, not a benchmark.
      assertThat(took).isLessThan(POLL.multipliedBy(LENGTH).dividedBy(3));
    }
  }

  @Test
  void a_layered_dag_runs_to_completion_in_one_process() throws Exception {
    int width = 200;
    int layers = Integer.getInteger("flowc.test.dagLayers", 10);
    Plans dag = plan();
    for (int layer = 0; layer < layers; layer++) {
      for (int i = 0; i < width; i++) {
        if (layer == 0) {
          dag.job(stage("j0_" + i, "builtin.noop", null));
        } else {
          dag.job(
              stage(
                  "j" + layer + "_" + i,
                  "builtin.noop",
                  null,
                  "j" + (layer - 1) + "_" + i,
                  "j" + (layer - 1) + "_" + ((i + 1) % width)));
        }
      }
    }
    try (FlowRuntime runtime = FlowRuntime.builder().store(schema.url()).open()) {
      RunView run = runtime.submit(dag.build());
      long start = System.nanoTime();
      runtime.startWorker(WorkerOptions.of(4));
      RunView done = runtime.awaitRun(run.id(), Duration.ofSeconds(300));
      long took = System.nanoTime() - start;
      assertThat(done.status()).isEqualTo(RunStatus.COMPLETE);
      System.out.printf(
          "PostgreSQL layered DAG of %d jobs, one process, 4 threads: %.0f jobs/s%n",
          width * layers, width * layers / (took / 1e9));
    }
  }
}
