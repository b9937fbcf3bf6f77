package dev.flowc.cli.run;

import dev.flowc.cli.render.RunTables;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobEvent;
import dev.flowc.runtime.JobListener;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.JobView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Feeds a {@link RunDisplay} from the runtime's job events and from re-reading the run's jobs
 * (which shows other processes' work too), on a thread of its own, ten times a second at most. The
 * listener only queues events: it runs on the store's writer thread and must return at once.
 * Thread-safe; {@link #close()} may come from any thread, a shutdown hook's too.
 */
final class RunMonitor implements AutoCloseable {
  private static final long TICK_MILLIS = 100;
  private static final long REREAD_NANOS = Duration.ofMillis(300).toNanos();

  private record Received(JobEvent event, long nanos) {}

  private final FlowRuntime runtime;
  private final long runId;
  private final RunDisplay display;
  private final JobBoard board = new JobBoard();
  private final ConcurrentLinkedQueue<Received> events = new ConcurrentLinkedQueue<>();
  private final Object lock = new Object();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread t = new Thread(task, "flowc-display");
            t.setDaemon(true);
            return t;
          });
  private AutoCloseable subscription;
  private long lastRead;
  private boolean closed;

  RunMonitor(FlowRuntime runtime, long runId, RunDisplay display) {
    this.runtime = runtime;
    this.runId = runId;
    this.display = display;
  }

  /** Subscribes, reads the jobs as they are now (shown as they are, not as changes), and starts. */
  void start() {
    JobListener listener =
        event -> {
          if (event.runId() != null && event.runId() == runId) {
            events.add(new Received(event, System.nanoTime()));
          }
        };
    subscription = runtime.subscribe(listener);
    synchronized (lock) {
      long start = System.nanoTime();
      board.apply(runtime.stages(runId), runtime.itemStates(runId), start, runtime.now());
      lastRead = start;
      display.refresh(board);
    }
    thread.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      try {
        step(false);
        display.refresh(board);
      } catch (RuntimeException e) {
        // The store is closing under us (Ctrl-C): the next tick, or close(), says the rest.
      }
    }
  }

  /** Re-reads the jobs when due (or when {@code force}), then applies queued events, then it. */
  private void step(boolean force) {
    List<JobSummary> read = null;
    java.util.Map<Long, java.util.Map<JobState, Long>> items = java.util.Map.of();
    long start = System.nanoTime();
    if (force || start - lastRead >= REREAD_NANOS) {
      read = runtime.stages(runId);
      items = runtime.itemStates(runId);
      lastRead = start;
    }
    Received received;
    while ((received = events.poll()) != null) {
      Optional<JobBoard.Change> change = board.apply(received.event(), received.nanos());
      change.ifPresent(this::report);
    }
    if (read != null) {
      board.apply(read, items, start, runtime.now()).forEach(this::report);
    }
  }

  private void report(JobBoard.Change change) {
    display.changed(change, board, () -> detail(change));
  }

  /** The error of a failed attempt, the cause of a cancellation, the time a success took. */
  private String detail(JobBoard.Change change) {
    JobState state = change.state();
    if (state == JobState.COMPLETE) {
      return board
          .row(change.jobId())
          .filter(row -> row.startedAt != null && row.finishedAt != null)
          .map(
              row ->
                  "in "
                      + dev.flowc.cli.render.Durations.format(
                          Duration.between(row.startedAt, row.finishedAt)))
          .orElse("");
    }
    if (state != JobState.RETRYING
        && state != JobState.DEAD
        && state != JobState.CANCELLED
        && state != JobState.SKIPPED) {
      return "";
    }
    try {
      Optional<JobView> job = runtime.job(change.jobId());
      if (job.isEmpty()) {
        return "";
      }
      if (state == JobState.SKIPPED) {
        String reason = job.get().summary().skipReason();
        return reason == null ? "" : reason;
      }
      if (state == JobState.CANCELLED) {
        Long cause = job.get().summary().cancelledBy();
        if (cause == null) {
          return "";
        }
        String stage = board.row(cause).map(row -> row.stage).orElse("job " + cause);
        return "because " + stage + " did not complete";
      }
      return RunTables.lastError(job.get());
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** Says that work is stopping, in the display's way. */
  void stopping(String message) {
    synchronized (lock) {
      if (!closed) {
        display.stopping(message);
        display.refresh(board);
      }
    }
  }

  /** Shows the final state (reading the jobs once more) and stops. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      thread.shutdown();
      try {
        step(true);
      } catch (RuntimeException e) {
        // The store is already closed: show what we have.
      }
      display.finish(board);
    }
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        // Unsubscribing from a closed runtime: nothing left to do.
      }
    }
  }
}
