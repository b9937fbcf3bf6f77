package dev.flowc.runtime;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a {@link Retention}'s purge now and then on a thread of its own. Each look starts at a
 * random point of the interval, so that workers started together do not all look at once; several
 * purging at once is safe anyway (each run is removed by one of them, the others find it gone). A
 * failure (the store unreachable for a while) is told, and the next look tries again: retention
 * never stops a worker.
 */
final class RetentionTimer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RetentionTimer.class.getName());

  private final ScheduledExecutorService timer;

  RetentionTimer(
      FlowRuntime runtime,
      Retention retention,
      Consumer<PurgeReport> removed,
      Consumer<RuntimeException> failed) {
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "flowc-retention");
              thread.setDaemon(true);
              return thread;
            });
    long every = retention.every().toMillis();
    long first = ThreadLocalRandom.current().nextLong(Math.max(1, every));
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            PurgeReport report = runtime.purge(retention.request());
            if (report.runs() > 0) {
              removed.accept(report);
            }
          } catch (RuntimeException e) {
            LOG.log(Level.FINE, "retention could not purge now; it tries again later", e);
            failed.accept(e);
          }
        },
        first,
        every,
        TimeUnit.MILLISECONDS);
  }

  /** Stops looking; a purge under way ends after its current transaction. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
