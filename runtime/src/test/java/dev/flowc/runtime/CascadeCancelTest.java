package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CascadeCancelTest extends RuntimeTestSupport {

  @Test
  void when_a_parent_dies_every_descendant_is_cancelled_with_the_cause_and_a_sibling_completes()
      throws Exception {
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(2));
    RunView run =
        runtime.submit(
            plan()
                .job(stage("extract_api", "builtin.fail", "{'message': 'api down'}"))
                .job(stage("extract_csv", "builtin.echo", "{'rows': 2}"))
                .job(stage("normalize_a", "builtin.echo", "{}", "extract_api"))
                .job(stage("normalize_b", "builtin.echo", "{}", "extract_csv"))
                .job(stage("load", "builtin.echo", "{}", "normalize_a", "normalize_b"))
                .job(stage("report", "builtin.echo", "{}", "load"))
                .build());

    RunView done = finish(runtime, run);

    assertThat(done.status()).isEqualTo(RunStatus.FAILED);
    long cause = job(runtime, run.id(), "extract_api").id();
    assertThat(job(runtime, run.id(), "extract_api").state()).isEqualTo(JobState.DEAD);
    for (String stage : new String[] {"normalize_a", "load", "report"}) {
      JobSummary cancelled = job(runtime, run.id(), stage);
      assertThat(cancelled.state()).as(stage).isEqualTo(JobState.CANCELLED);
      assertThat(cancelled.cancelledBy()).as(stage).isEqualTo(cause);
      assertThat(cancelled.attempts()).as(stage).isZero();
    }
    assertThat(job(runtime, run.id(), "extract_csv").state()).isEqualTo(JobState.COMPLETE);
    assertThat(job(runtime, run.id(), "normalize_b").state()).isEqualTo(JobState.COMPLETE);
  }

  @Test
  void cancelling_a_pending_job_cancels_it_at_once_with_its_dependents() {
    FlowRuntime runtime = open();
    RunView run =
        runtime.submit(
            plan()
                .job(stage("a", "builtin.noop", null))
                .job(stage("b", "builtin.noop", null, "a"))
                .job(stage("c", "builtin.noop", null))
                .build());
    long a = job(runtime, run.id(), "a").id();

    assertThat(runtime.cancel(a)).isTrue();

    assertThat(job(runtime, run.id(), "a").state()).isEqualTo(JobState.CANCELLED);
    assertThat(job(runtime, run.id(), "a").cancelledBy()).isNull();
    assertThat(job(runtime, run.id(), "b").state()).isEqualTo(JobState.CANCELLED);
    assertThat(job(runtime, run.id(), "b").cancelledBy()).isEqualTo(a);
    assertThat(job(runtime, run.id(), "c").state()).isEqualTo(JobState.PENDING);
    assertThat(runtime.cancel(a)).as("already final").isFalse();
  }

  @Test
  void cancelling_a_run_cancels_every_job_that_is_not_final() throws Exception {
    FlowRuntime runtime = open();
    RunView run =
        runtime.submit(
            plan()
                .job(stage("a", "builtin.noop", null))
                .job(stage("b", "builtin.noop", null, "a"))
                .build());

    assertThat(runtime.cancelRun(run.id())).isEqualTo(2);

    RunView done = runtime.run(run.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(done.finishedAt()).isNotNull();
    assertThat(runtime.jobs(run.id())).allMatch(j -> j.state() == JobState.CANCELLED);
  }
}
