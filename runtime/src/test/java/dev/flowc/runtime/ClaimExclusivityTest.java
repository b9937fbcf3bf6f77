package dev.flowc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClaimExclusivityTest extends RuntimeTestSupport {

  @Test
  void two_workers_on_one_file_never_run_the_same_job() throws Exception {
    Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
    Map<Long, String> ranBy = new ConcurrentHashMap<>();
    bind(
        "test.count",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              runs.computeIfAbsent(ctx.jobId(), id -> new AtomicInteger()).incrementAndGet();
              ranBy.put(ctx.jobId(), ctx.workerId());
              return null;
            });
    FlowRuntime first = open();
    FlowRuntime second = open();
    List<EnqueueRequest> jobs = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      jobs.add(EnqueueRequest.builder("test.count").build());
    }
    long last = 0;
    for (EnqueueRequest job : jobs) {
      last = first.enqueue(job);
    }
    Worker a = first.startWorker(WorkerOptions.of(2).withPrefetch(16));
    Worker b = second.startWorker(WorkerOptions.of(2).withPrefetch(16));

    assertThat(a.awaitDrained(WAIT)).isTrue();
    assertThat(b.awaitDrained(WAIT)).isTrue();

    assertThat(runs).hasSize(2_000);
    assertThat(runs.values()).allMatch(count -> count.get() == 1);
    assertThat(first.stats().states()).containsEntry(JobState.COMPLETE, 2_000L);
    assertThat(ranBy.values().stream().distinct().count()).isEqualTo(2);
    assertThat(last).isPositive();
  }
}
