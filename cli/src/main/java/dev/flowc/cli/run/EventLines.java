package dev.flowc.cli.run;

import dev.flowc.cli.render.RunTables;
import dev.flowc.cli.render.Style;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobEvent;
import dev.flowc.runtime.JobState;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The log of {@code flowc worker}: one line per state change of a job this process worked on,
 * {@code 12:03:04 run 12 job 34 extract_api running attempt 1}, printed on a thread of its own (the
 * runtime's listener must return at once).
 */
final class EventLines implements AutoCloseable {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final FlowRuntime runtime;
  private final PrintWriter out;
  private final Style style;
  private final BlockingQueue<JobEvent> events = new LinkedBlockingQueue<>();
  private final Thread printer;
  private AutoCloseable subscription;
  private volatile boolean closing;

  EventLines(FlowRuntime runtime, PrintWriter out, Style style) {
    this.runtime = runtime;
    this.out = out;
    this.style = style;
    this.printer = new Thread(this::print, "flowc-worker-log");
    printer.setDaemon(true);
  }

  void start() {
    subscription =
        runtime.subscribe(
            event -> {
              if (!event.isProgress()) {
                events.add(event);
              }
            });
    printer.start();
  }

  private void print() {
    while (!closing || !events.isEmpty()) {
      try {
        JobEvent event = events.poll(100, TimeUnit.MILLISECONDS);
        if (event != null) {
          line(event);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The store closed while an error was looked up: the line goes without it.
      }
    }
  }

  private void line(JobEvent event) {
    StringBuilder line =
        new StringBuilder()
            .append(TIME.format(event.at().atZone(ZoneId.systemDefault())))
            .append(event.runId() == null ? "" : " run " + event.runId())
            .append(" job ")
            .append(event.jobId())
            .append(' ')
            .append(event.stage())
            .append("  ")
            .append(style.paint(RunTables.color(event.state()), event.state().label()));
    if (event.attempt() > 0) {
      line.append("  attempt ").append(event.attempt());
    }
    if (event.state() == JobState.RETRYING || event.state() == JobState.DEAD) {
      String error = closing ? "" : runtime.job(event.jobId()).map(RunTables::lastError).orElse("");
      if (!error.isEmpty()) {
        line.append("  ").append(error);
      }
    }
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** Prints what is queued, then stops. */
  @Override
  public void close() {
    closing = true;
    try {
      printer.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        // Already closed with the runtime.
      }
    }
  }
}
