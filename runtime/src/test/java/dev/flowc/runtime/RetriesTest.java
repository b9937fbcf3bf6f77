package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.dag.Backoff;
import org.junit.jupiter.api.Test;

class RetriesTest extends RuntimeTestSupport {

  @Test
  void retries_3_gives_exactly_4_attempts_4_error_rows_and_one_dead_letter() throws Exception {
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(2));
    RunView run =
        runtime.submit(
            plan()
                .job(
                    stage("flaky", "builtin.fail", "{'message': 'boom'}")
                        .retries(3)
                        .backoff(Backoff.fixed(1)))
                .build());

    assertThat(finish(runtime, run).status()).isEqualTo(RunStatus.FAILED);
    JobView job = view(runtime, run.id(), "flaky");
    assertThat(job.state()).isEqualTo(JobState.DEAD);
    assertThat(job.summary().attempts()).isEqualTo(4);
    assertThat(job.errors()).extracting(JobError::attempt).containsExactly(1, 2, 3, 4);
    assertThat(job.errors())
        .allSatisfy(
            error -> {
              assertThat(error.errorClass()).endsWith("IntentionalFailure");
              assertThat(error.message()).isEqualTo("boom");
              assertThat(error.stackTrace()).contains("BuiltinHandlers$Fail.handle");
              assertThat(error.worker()).isNotBlank();
              assertThat(error.failedAt()).isNotNull();
            });
    assertThat(runtime.deadLetters(10))
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.jobId()).isEqualTo(job.id());
              assertThat(letter.runId()).isEqualTo(run.id());
              assertThat(letter.stage()).isEqualTo("flaky");
              assertThat(letter.handler()).isEqualTo("builtin.fail");
              assertThat(letter.queue()).isEqualTo("default");
              assertThat(letter.attempts()).isEqualTo(4);
              assertThat(letter.error()).endsWith("IntentionalFailure: boom");
            });
  }

  @Test
  void retries_0_runs_once() throws Exception {
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run =
        runtime.submit(plan().job(stage("once", "builtin.fail", "{'message': 'no'}")).build());
    finish(runtime, run);
    JobView job = view(runtime, run.id(), "once");
    assertThat(job.summary().attempts()).isEqualTo(1);
    assertThat(job.errors()).hasSize(1);
    assertThat(job.state()).isEqualTo(JobState.DEAD);
  }

  @Test
  void a_job_that_fails_twice_then_succeeds_completes_on_attempt_3() throws Exception {
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run =
        runtime.submit(
            plan()
                .job(
                    stage("twice", "builtin.fail", "{'message': 'not yet', 'times': 2}")
                        .retries(5)
                        .backoff(Backoff.fixed(1)))
                .build());
    assertThat(finish(runtime, run).status()).isEqualTo(RunStatus.COMPLETE);
    JobView job = view(runtime, run.id(), "twice");
    assertThat(job.summary().attempts()).isEqualTo(3);
    assertThat(job.errors()).hasSize(2);
    assertThat(runtime.deadLetters(10)).isEmpty();
  }

  @Test
  void a_non_retryable_error_goes_straight_to_dead() throws Exception {
    bind(
        "test.invalid",
        (Handler<Object, Object>)
            (input, ctx) -> {
              throw new NonRetryableException("the input is invalid for good");
            });
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run = runtime.submit(plan().job(stage("bad", "test.invalid", "{}").retries(5)).build());
    finish(runtime, run);
    JobView job = view(runtime, run.id(), "bad");
    assertThat(job.state()).isEqualTo(JobState.DEAD);
    assertThat(job.summary().attempts()).isEqualTo(1);
    assertThat(job.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.errorClass()).isEqualTo(NonRetryableException.class.getName());
              assertThat(error.message()).isEqualTo("the input is invalid for good");
            });
  }

  @Test
  void an_input_that_does_not_fit_the_handler_type_is_not_retried() throws Exception {
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run =
        runtime.submit(
            plan().job(stage("sleepy", "builtin.sleep", "{'ms': 'soon'}").retries(3)).build());
    finish(runtime, run);
    JobView job = view(runtime, run.id(), "sleepy");
    assertThat(job.state()).isEqualTo(JobState.DEAD);
    assertThat(job.summary().attempts()).isEqualTo(1);
    assertThat(job.errors().get(0).message())
        .startsWith("the input does not fit builtin.sleep's input type Input:");
  }

  @Test
  void an_unknown_handler_fails_the_attempt_with_a_clear_error() throws Exception {
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run = runtime.submit(plan().job(stage("x", "etl.nothing", "{}")).build());
    finish(runtime, run);
    assertThat(view(runtime, run.id(), "x").errors().get(0).message())
        .isEqualTo(
            "no handler is bound under 'etl.nothing' and no class of that name is on the classpath");
  }
}
