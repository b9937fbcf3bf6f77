package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplayTest extends RuntimeTestSupport {

  @Test
  void replaying_the_dead_job_resumes_its_cancelled_descendants_and_keeps_other_results()
      throws Exception {
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(2));
    // Fails its first attempt only: dead with retries 0, then succeeds when replayed.
    RunView run =
        runtime.submit(
            plan()
                .job(stage("extract_api", "builtin.fail", "{'message': 'flaky', 'times': 1}"))
                .job(stage("extract_csv", "builtin.echo", "{'rows': 2}"))
                .job(stage("normalize_a", "builtin.echo", "{'from': 'a'}", "extract_api"))
                .job(stage("normalize_b", "builtin.echo", "{'from': 'b'}", "extract_csv"))
                .job(
                    stage(
                        "load",
                        "builtin.echo",
                        "{'a': {'$result': 'normalize_a', 'path': ['from']},"
                            + " 'b': {'$result': 'normalize_b', 'path': ['from']}}",
                        "normalize_a",
                        "normalize_b"))
                .build());
    assertThat(finish(runtime, run).status()).isEqualTo(RunStatus.FAILED);
    JobSummary before = job(runtime, run.id(), "normalize_b");
    long dead = job(runtime, run.id(), "extract_api").id();
    assertThat(runtime.deadLetters(10)).extracting(DeadLetter::jobId).containsExactly(dead);

    assertThat(runtime.retry(dead)).as("restored dependents").isEqualTo(2);

    RunView resumed = finish(runtime, run);
    assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETE);
    assertThat(view(runtime, run.id(), "load").result().toString())
        .isEqualTo("{\"a\":\"a\",\"b\":\"b\"}");
    JobSummary after = job(runtime, run.id(), "normalize_b");
    assertThat(after.attempts()).as("not run again").isEqualTo(1);
    assertThat(after.finishedAt()).isEqualTo(before.finishedAt());
    JobView replayed = view(runtime, run.id(), "extract_api");
    assertThat(replayed.summary().attempts()).isEqualTo(2);
    assertThat(replayed.errors()).hasSize(1);
    assertThat(runtime.deadLetters(10)).isEmpty();
  }

  @Test
  void only_a_dead_job_can_be_replayed() {
    FlowRuntime runtime = open();
    RunView run = runtime.submit(plan().job(stage("a", "builtin.noop", null)).build());
    long id = job(runtime, run.id(), "a").id();
    assertThatThrownBy(() -> runtime.retry(id))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("job %d is pending, not dead: only dead jobs can be replayed", id);
    assertThatThrownBy(() -> runtime.retry(999)).hasMessage("no job 999");
  }
}
