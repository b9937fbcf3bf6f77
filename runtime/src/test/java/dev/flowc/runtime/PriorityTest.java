package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PriorityTest extends RuntimeTestSupport {

  @Test
  void higher_priority_runs_first_and_equals_run_in_submission_order() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    bind(
        "test.record",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              order.add(ctx.stage());
              return null;
            });
    FlowRuntime runtime = open();
    RunView run =
        runtime.submit(
            plan()
                .job(stage("low_1", "test.record", null).priority(-5))
                .job(stage("mid_1", "test.record", null))
                .job(stage("high_1", "test.record", null).priority(10))
                .job(stage("mid_2", "test.record", null))
                .job(stage("high_2", "test.record", null).priority(10))
                .job(stage("low_2", "test.record", null).priority(-5))
                .job(stage("mid_3", "test.record", null))
                .build());

    runtime.startWorker(WorkerOptions.of(1));
    finish(runtime, run);

    assertThat(order)
        .containsExactly("high_1", "high_2", "mid_1", "mid_2", "mid_3", "low_1", "low_2");
  }

  @Test
  void single_jobs_follow_the_same_order() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    bind(
        "test.record",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              order.add(ctx.stage());
              return null;
            });
    FlowRuntime runtime = open();
    long last = 0;
    for (int i = 0; i < 20; i++) {
      last =
          runtime.enqueue(
              EnqueueRequest.builder("test.record")
                  .stage("job_" + i)
                  .priority(i % 2 == 0 ? 1 : 0)
                  .build());
    }
    runtime.startWorker(WorkerOptions.of(1));
    runtime.awaitResult(last, WAIT);
    await("all ran", () -> order.size() == 20);
    assertThat(order.subList(0, 10))
        .containsExactly(
            "job_0", "job_2", "job_4", "job_6", "job_8", "job_10", "job_12", "job_14", "job_16",
            "job_18");
  }
}
