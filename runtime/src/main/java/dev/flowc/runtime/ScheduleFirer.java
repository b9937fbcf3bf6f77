package dev.flowc.runtime;

import dev.flowc.runtime.store.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A thread that fires the due ticks of the store's schedules (see {@link
 * FlowRuntime#startScheduleFirer}): every {@code flowc worker} runs one beside its workers, and
 * {@code flowc scheduler} only this. Any number of them may share a store: each tick makes one run.
 * It never claims jobs, so it does not slow a worker's claims; a store error is logged and tried
 * again at the next look.
 */
public final class ScheduleFirer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ScheduleFirer.class.getName());

  private final JobStore store;
  private final Clock clock;
  private final Duration interval;
  private final Consumer<TickOutcome> listener;
  private final Thread thread;
  private volatile boolean closed;

  ScheduleFirer(JobStore store, Clock clock, Duration interval, Consumer<TickOutcome> listener) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.thread = new Thread(this::loop, "flowc-schedule-firer");
    this.thread.setDaemon(true);
  }

  /** Fires what is due now, on the calling thread, then starts the thread. */
  void start() {
    fireDue();
    thread.start();
  }

  /**
   * Fires the ticks due now, on the calling thread.
   *
   * @return what they did
   */
  public List<TickOutcome> fireDue() {
    List<TickOutcome> outcomes = store.fireDueSchedules(clock.instant());
    for (TickOutcome outcome : outcomes) {
      try {
        listener.accept(outcome);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a schedule listener failed", e);
      }
    }
    return outcomes;
  }

  private void loop() {
    while (!closed) {
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
        continue;
      }
      try {
        fireDue();
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        // A store that cannot be reached now: the next look tries again. Quietly: the worker
        // beside it says what is wrong with the store, in one line.
        LOG.log(Level.FINE, "cannot fire schedules now: " + e.getMessage(), e);
      }
    }
  }

  /** Stops the thread; a firing in progress completes (its transaction commits or not). */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
