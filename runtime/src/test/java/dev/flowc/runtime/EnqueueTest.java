package dev.flowc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class EnqueueTest extends RuntimeTestSupport {

  @Test
  void single_jobs_depend_on_existing_jobs_and_pass_results_like_a_plan() throws Exception {
    FlowRuntime runtime = open();
    long extract =
        runtime.enqueue(
            EnqueueRequest.builder("builtin.echo")
                .stage("extract")
                .queue("io")
                .priority(5)
                .metadata(Plans.json("{'owner': 'data-team'}"))
                .input(Plans.json("{'rows': 12}"))
                .build());
    long load =
        runtime.enqueue(
            EnqueueRequest.builder("builtin.echo")
                .stage("load")
                .timeout(Duration.ofSeconds(5))
                .input(Plans.json("{'n': {'$result': 'extract', 'path': ['rows']}}"))
                .dependsOn(extract)
                .build());

    JobView before = runtime.job(load).orElseThrow();
    assertThat(before.state()).isEqualTo(JobState.BLOCKED);
    assertThat(before.dependencies()).containsExactly(extract);
    assertThat(runtime.job(extract).orElseThrow().dependents()).containsExactly(load);
    assertThat(runtime.job(extract).orElseThrow().metadata().toString())
        .isEqualTo("{\"owner\":\"data-team\"}");
    assertThat(runtime.job(extract).orElseThrow().summary().queue()).isEqualTo("io");

    runtime.startWorker(WorkerOptions.of(2));
    assertThat(runtime.awaitResult(load, WAIT).toString()).isEqualTo("{\"n\":12}");
    assertThat(runtime.job(load).orElseThrow().summary().runId()).isNull();
  }

  @Test
  void depending_on_a_missing_job_is_refused() {
    FlowRuntime runtime = open();
    assertThatThrownBy(
            () -> runtime.enqueue(EnqueueRequest.builder("builtin.noop").dependsOn(42).build()))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no job 42 to depend on");
  }

  @Test
  void depending_on_a_dead_job_cancels_the_new_job_with_that_cause() throws Exception {
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    long dead =
        runtime.enqueue(
            EnqueueRequest.builder("builtin.fail").retries(0).input(Plans.json("{}")).build());
    awaitState(runtime, dead, JobState.DEAD);
    long child = runtime.enqueue(EnqueueRequest.builder("builtin.noop").dependsOn(dead).build());
    JobSummary summary = runtime.job(child).orElseThrow().summary();
    assertThat(summary.state()).isEqualTo(JobState.CANCELLED);
    assertThat(summary.cancelledBy()).isEqualTo(dead);
  }

  @Test
  void a_batch_is_stored_in_order_and_its_jobs_run() throws Exception {
    FlowRuntime runtime = open();
    long parent = runtime.enqueue(EnqueueRequest.builder("builtin.echo").stage("parent").build());
    List<EnqueueRequest> batch = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      batch.add(
          EnqueueRequest.builder("builtin.echo")
              .stage("s" + i)
              .input(Plans.json("{'n': " + i + "}"))
              .dependsOn(parent)
              .build());
    }
    List<Long> ids = runtime.enqueueAll(batch);

    assertThat(ids).hasSize(1_500).isSorted().doesNotHaveDuplicates();
    assertThat(runtime.job(ids.get(7)).orElseThrow().summary().stage()).isEqualTo("s7");
    assertThat(runtime.job(ids.get(7)).orElseThrow().state()).isEqualTo(JobState.BLOCKED);
    assertThat(runtime.job(parent).orElseThrow().dependents()).hasSize(1_500);
    runtime.startWorker(WorkerOptions.of(2));
    assertThat(runtime.awaitResult(ids.get(1_499), WAIT).toString()).isEqualTo("{\"n\":1499}");
    assertThat(runtime.enqueueAll(List.of())).isEmpty();
  }

  @Test
  void a_batch_with_one_refused_job_stores_none_of_them() {
    FlowRuntime runtime = open();
    List<EnqueueRequest> batch =
        List.of(
            EnqueueRequest.builder("builtin.noop").stage("first").build(),
            EnqueueRequest.builder("builtin.noop").stage("second").dependsOn(4242).build());
    assertThatThrownBy(() -> runtime.enqueueAll(batch))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no job 4242 to depend on");
    assertThat(runtime.stats().states().values()).allMatch(count -> count == 0);
  }

  @Test
  void out_of_range_values_are_refused_before_anything_is_stored() {
    assertThatThrownBy(() -> EnqueueRequest.builder("builtin.noop").priority(5000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("priority 5000 is out of range -1000..1000");
  }
}
