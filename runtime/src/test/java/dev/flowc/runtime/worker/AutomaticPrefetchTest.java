package dev.flowc.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.inject.AbstractModule;
import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.Handler;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.WorkerOptions;
import dev.flowc.runtime.guice.HandlerBinder;
import dev.flowc.runtime.handler.BuiltinHandlers;
import dev.flowc.runtime.handler.HandlerRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default prefetch follows the jobs' time: short jobs come in large claims, slow jobs are not
 * hoarded, and a job of a higher priority still starts before the lower ones held.
 */
class AutomaticPrefetchTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final List<FlowRuntime> opened = new ArrayList<>();
  private final List<String> order = new CopyOnWriteArrayList<>();
  private final CountDownLatch gate = new CountDownLatch(1);
  private volatile FlowRuntime runtime;
  private volatile Long loadId;
  private volatile WorkerPool worker;

  @AfterEach
  void close() {
    gate.countDown();
    opened.forEach(FlowRuntime::close);
  }

  @Test
  void the_default_options_take_the_automatic_prefetch() {
    assertThat(WorkerOptions.of(4).prefetch()).isEqualTo(WorkerOptions.AUTO_PREFETCH);
    assertThat(WorkerOptions.of(4).withPrefetch(0).prefetch()).isZero();
  }

  @Test
  void short_jobs_raise_the_prefetch_above_four_per_thread() {
    FlowRuntime runtime = open();
    WorkerPool worker = (WorkerPool) runtime.startWorker(WorkerOptions.of(2));
    assertThat(worker.effectivePrefetch()).isEqualTo(8); // nothing timed yet: 4 per thread

    runAll(runtime, 2_000, BuiltinHandlers.NOOP, JsonNodeFactory.instance.objectNode());

    assertThat(worker.effectivePrefetch()).isGreaterThan(8);
  }

  @Test
  void slow_jobs_keep_the_prefetch_at_four_per_thread() {
    FlowRuntime runtime = open();
    WorkerPool worker = (WorkerPool) runtime.startWorker(WorkerOptions.of(2));

    runAll(runtime, 12, BuiltinHandlers.SLEEP, JsonNodeFactory.instance.objectNode().put("ms", 50));

    assertThat(worker.effectivePrefetch()).isEqualTo(8);
  }

  @Test
  void an_explicit_prefetch_is_kept_whatever_the_jobs_take() {
    FlowRuntime runtime = open();
    WorkerPool worker = (WorkerPool) runtime.startWorker(WorkerOptions.of(2).withPrefetch(100));

    runAll(runtime, 1_000, BuiltinHandlers.NOOP, JsonNodeFactory.instance.objectNode());

    assertThat(worker.effectivePrefetch()).isEqualTo(100);
  }

  @Test
  void a_job_that_becomes_ready_starts_before_lower_jobs_held_by_a_grown_prefetch() {
    FlowRuntime runtime = open();
    assertThat(runtime).isSameAs(this.runtime);
    WorkerPool worker = (WorkerPool) runtime.startWorker(WorkerOptions.of(1));
    this.worker = worker;
    runAll(runtime, 2_000, BuiltinHandlers.NOOP, JsonNodeFactory.instance.objectNode());
    int grown = worker.effectivePrefetch();
    assertThat(grown).isGreaterThan(60);

    long extract = runtime.enqueue(EnqueueRequest.builder("test.gate").stage("extract").build());
    List<EnqueueRequest> lows = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      lows.add(EnqueueRequest.builder("test.record").stage("low_" + i).build());
    }
    runtime.enqueueAll(lows);
    long load =
        runtime.enqueue(
            EnqueueRequest.builder("test.record")
                .stage("load")
                .priority(10)
                .dependsOn(extract)
                .build());
    loadId = load;
    // The one thread runs extract; the prefetch holds the sixty low jobs, claimed.
    await(
        "extract running and the low jobs claimed",
        () ->
            runtime.stats().states().getOrDefault(JobState.RUNNING, 0L) == 61
                && order.contains("extract"));
    gate.countDown();
    await(
        "every job complete",
        () -> runtime.stats().states().getOrDefault(JobState.COMPLETE, 0L) == 2_000 + 62);

    assertThat(runtime.job(load).orElseThrow().state()).isEqualTo(JobState.COMPLETE);
    assertThat(order.get(0)).isEqualTo("extract");
    assertThat(order.indexOf("load")).as("position of load in " + order).isLessThanOrEqualTo(2);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private FlowRuntime open() {
    List<String> order = this.order;
    CountDownLatch gate = this.gate;
    HandlerRegistry handlers =
        HandlerRegistry.create(
            getClass().getClassLoader(),
            List.of(
                new AbstractModule() {
                  @Override
                  protected void configure() {
                    HandlerBinder binder = HandlerBinder.of(binder());
                    binder.bind(
                        "test.gate",
                        (Handler<JsonNode, Void>)
                            (input, ctx) -> {
                              order.add(ctx.stage());
                              gate.await(20, TimeUnit.SECONDS);
                              return null;
                            });
                    binder.bind(
                        "test.record",
                        (Handler<JsonNode, Void>)
                            (input, ctx) -> {
                              order.add(ctx.stage());
                              if (ctx.stage().startsWith("low") && order.size() == 2) {
                                // The first low job may start before load was claimed; it
                                // waits until the worker holds load, so load comes second or third.
                                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                                while (System.nanoTime() < deadline && !loadHeld()) {
                                  Thread.sleep(5); // polling interval, bounded by the deadline
                                }
                              }
                              return null;
                            });
                  }
                }));
    FlowRuntime runtime =
        FlowRuntime.builder().sqlite(dir.resolve("flowc.db")).handlers(handlers).open();
    opened.add(runtime);
    this.runtime = runtime;
    return runtime;
  }

  private boolean loadHeld() {
    Long load = loadId;
    // In the worker's buffer, not only claimed in the store: the claim commits a moment before the
    // worker holds the job, and this thread's next job would then be a low one.
    return load != null && worker != null && worker.isBuffered(load);
  }

  private static void runAll(FlowRuntime runtime, int count, String handler, JsonNode input) {
    long before = runtime.stats().states().getOrDefault(JobState.COMPLETE, 0L);
    List<EnqueueRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(EnqueueRequest.builder(handler).input(input).build());
    }
    runtime.enqueueAll(requests);
    await(
        count + " jobs complete",
        () -> runtime.stats().states().getOrDefault(JobState.COMPLETE, 0L) == before + count);
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what);
      }
      try {
        Thread.sleep(10); // polling interval, bounded by the deadline
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
