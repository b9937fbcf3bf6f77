package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class AwaitResultTest extends RuntimeTestSupport {

  @Test
  void a_result_is_waited_for_and_converted() throws Exception {
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    long id =
        runtime.enqueue(
            EnqueueRequest.builder("builtin.echo").input(Plans.json("{'rows': 300}")).build());
    @SuppressWarnings("unchecked")
    Map<String, Integer> result = runtime.awaitResult(id, WAIT, Map.class);
    assertThat(result).containsEntry("rows", 300);
  }

  @Test
  void waiting_times_out_when_no_worker_runs_the_job() {
    FlowRuntime runtime = open();
    long id = runtime.enqueue(EnqueueRequest.builder("builtin.noop").build());
    assertThatThrownBy(() -> runtime.awaitResult(id, Duration.ofMillis(100)))
        .isInstanceOf(TimeoutException.class)
        .hasMessage("job " + id + " is not finished after PT0.1S");
  }

  @Test
  void waiting_for_a_dead_job_raises_its_real_failure() throws Exception {
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    long id =
        runtime.enqueue(
            EnqueueRequest.builder("builtin.fail")
                .stage("explode")
                .retries(0)
                .input(Plans.json("{'message': 'disk full'}"))
                .build());
    assertThatThrownBy(() -> runtime.awaitResult(id, WAIT))
        .isInstanceOf(JobFailedException.class)
        .hasMessage(
            "job %d (explode) is dead after 1 attempts: %s: disk full",
            id, dev.flowc.runtime.handler.BuiltinHandlers.IntentionalFailure.class.getName())
        .satisfies(
            e -> {
              JobFailedException failed = (JobFailedException) e;
              assertThat(failed.state()).isEqualTo(JobState.DEAD);
              assertThat(failed.errorClass()).endsWith("IntentionalFailure");
            });
  }

  @Test
  void waiting_for_a_cancelled_job_names_the_cause() throws Exception {
    FlowRuntime runtime = open();
    RunView run =
        runtime.submit(
            plan()
                .job(stage("a", "builtin.noop", null))
                .job(stage("b", "builtin.noop", null, "a"))
                .build());
    long a = job(runtime, run.id(), "a").id();
    long b = job(runtime, run.id(), "b").id();
    runtime.cancel(a);
    assertThatThrownBy(() -> runtime.awaitResult(b, Duration.ZERO))
        .isInstanceOf(JobFailedException.class)
        .hasMessage("job %d (b) was cancelled because job %d did not complete", b, a);
  }
}
