package dev.flowc.runtime.worker;

import dev.flowc.runtime.Worker;
import dev.flowc.runtime.WorkerOptions;
import dev.flowc.runtime.handler.HandlerRegistry;
import dev.flowc.runtime.store.JobStore;
import java.time.Duration;
import java.util.function.Consumer;

/** TODO(runtime): being written. */
public final class WorkerPool implements Worker {
  public WorkerPool(
      JobStore store,
      HandlerRegistry handlers,
      WorkerSettings settings,
      WorkerOptions options,
      Consumer<WorkerPool> onClose) {}

  public void start() {}

  public void cancelLocally(long jobId) {}

  public void checkCancellations() {}

  @Override
  public String id() {
    return "";
  }

  @Override
  public long processed() {
    return 0;
  }

  @Override
  public boolean awaitDrained(Duration timeout) {
    return false;
  }

  @Override
  public void close() {}
}
