package dev.flowc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import dev.flowc.runtime.guice.HandlerBinder;
import dev.flowc.runtime.handler.HandlerRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A runtime on a real SQLite file in a temporary directory, with handlers a test binds. */
abstract class RuntimeTestSupport {
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private final Map<String, Handler<?, ?>> handlers = new LinkedHashMap<>();
  private final List<FlowRuntime> opened = new ArrayList<>();

  /** Binds {@code handler} under {@code name} for the runtimes opened after. */
  void bind(String name, Handler<?, ?> handler) {
    handlers.put(name, handler);
  }

  HandlerRegistry registry() {
    Map<String, Handler<?, ?>> bound = Map.copyOf(handlers);
    return HandlerRegistry.create(
        getClass().getClassLoader(),
        List.of(
            new AbstractModule() {
              @Override
              protected void configure() {
                HandlerBinder binder = HandlerBinder.of(binder());
                bound.forEach(binder::bind);
              }
            }));
  }

  FlowRuntime.Builder builder() {
    return FlowRuntime.builder().sqlite(dir.resolve("flowc.db")).handlers(registry());
  }

  FlowRuntime open() {
    return track(builder().open());
  }

  FlowRuntime track(FlowRuntime runtime) {
    opened.add(runtime);
    return runtime;
  }

  @AfterEach
  void closeRuntimes() {
    for (FlowRuntime runtime : opened) {
      runtime.close();
    }
  }

  /** Polls {@code condition} until it holds, failing after {@link #WAIT}. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(5); // poll interval of a deadline-bounded wait, not a wait for the condition
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static void awaitState(FlowRuntime runtime, long jobId, JobState state) {
    await(
        "job " + jobId + " is " + state.label(),
        () -> runtime.job(jobId).orElseThrow().state() == state);
  }

  static JobSummary job(FlowRuntime runtime, long runId, String stage) {
    return runtime.jobs(runId).stream()
        .filter(job -> job.stage().equals(stage))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage " + stage));
  }

  static JobView view(FlowRuntime runtime, long runId, String stage) {
    return runtime.job(job(runtime, runId, stage).id()).orElseThrow();
  }

  static RunView finish(FlowRuntime runtime, RunView run) throws Exception {
    RunView done = runtime.awaitRun(run.id(), WAIT);
    assertThat(done.status().isFinal()).isTrue();
    return done;
  }
}
