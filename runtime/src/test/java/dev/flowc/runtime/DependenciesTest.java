package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DependenciesTest extends RuntimeTestSupport {

  @Test
  void diamond_join_waits_for_both_branches_and_gets_both_results() throws Exception {
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(4));
    RunView run =
        runtime.submit(
            plan()
                .job(stage("extract", "builtin.echo", "{'rows': [1, 2, 3]}"))
                .job(stage("slow", "builtin.sleep", "{'ms': 150}", "extract"))
                .job(
                    stage(
                        "fast",
                        "builtin.echo",
                        "{'n': {'$result': 'extract', 'path': ['rows', 2]}}",
                        "extract"))
                .job(
                    stage(
                        "join",
                        "builtin.echo",
                        "{'fast': {'$result': 'fast', 'path': ['n']}, 'slow': {'$result': 'slow', 'path': []},"
                            + " 'label': {'$format': ['n=', {'$result': 'fast', 'path': ['n']}]}}",
                        "slow",
                        "fast"))
                .build());

    assertThat(finish(runtime, run).status()).isEqualTo(RunStatus.COMPLETE);
    JobView join = view(runtime, run.id(), "join");
    JobSummary slow = job(runtime, run.id(), "slow");
    JobSummary fast = job(runtime, run.id(), "fast");
    assertThat(join.summary().startedAt())
        .isAfterOrEqualTo(slow.finishedAt())
        .isAfterOrEqualTo(fast.finishedAt());
    assertThat(join.result().toString()).isEqualTo("{\"fast\":3,\"slow\":null,\"label\":\"n=3\"}");
    assertThat(join.dependencies()).containsExactly(slow.id(), fast.id());
    assertThat(runtime.job(fast.id()).orElseThrow().dependents()).containsExactly(join.id());
  }

  @Test
  void a_blocked_job_is_not_claimed_before_its_parent_completes() throws Exception {
    FlowRuntime runtime = open();
    RunView run =
        runtime.submit(
            plan()
                .job(stage("parent", "builtin.noop", null))
                .job(stage("child", "builtin.noop", null, "parent"))
                .build());
    assertThat(job(runtime, run.id(), "parent").state()).isEqualTo(JobState.PENDING);
    assertThat(job(runtime, run.id(), "child").state()).isEqualTo(JobState.BLOCKED);

    runtime.startWorker(WorkerOptions.of(2));
    assertThat(finish(runtime, run).status()).isEqualTo(RunStatus.COMPLETE);
    assertThat(job(runtime, run.id(), "child").startedAt())
        .isAfterOrEqualTo(job(runtime, run.id(), "parent").finishedAt());
  }

  @Test
  void a_user_key_beginning_with_a_dollar_reaches_the_handler_unescaped() throws Exception {
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run = runtime.submit(plan().job(stage("a", "builtin.echo", "{'$$ref': 1}")).build());
    finish(runtime, run);
    assertThat(view(runtime, run.id(), "a").result().toString()).isEqualTo("{\"$ref\":1}");
  }
}
