package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
  @TempDir Path dir;

  @Test
  void diamond_runs() throws Exception {
    try (FlowRuntime runtime = FlowRuntime.builder().sqlite(dir.resolve("s.db")).open();
        Worker worker = runtime.startWorker(WorkerOptions.of(2))) {
      RunView run =
          runtime.submit(
              plan()
                  .job(stage("a", "builtin.echo", "{'x': 1}"))
                  .job(stage("b", "builtin.echo", "{'y': {'$result': 'a', 'path': ['x']}}", "a"))
                  .job(stage("c", "builtin.echo", "{'z': 3}", "a"))
                  .job(
                      stage(
                          "d",
                          "builtin.echo",
                          "{'all': [{'$result': 'b', 'path': []}, {'$result': 'c', 'path': ['z']}]}",
                          "b",
                          "c"))
                  .build());
      RunView done = runtime.awaitRun(run.id(), Duration.ofSeconds(10));
      assertThat(done.status()).isEqualTo(RunStatus.COMPLETE);
      long d = runtime.jobs(run.id()).get(3).id();
      assertThat(runtime.awaitResult(d, Duration.ZERO).toString())
          .isEqualTo("{\"all\":[{\"y\":1},3]}");
    }
  }
}
