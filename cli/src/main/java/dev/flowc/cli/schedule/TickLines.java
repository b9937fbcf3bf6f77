package dev.flowc.cli.schedule;

import dev.flowc.runtime.TickOutcome;
import java.io.PrintWriter;
import java.util.function.Consumer;

/** One line on stderr per tick this process fired or skipped. */
public final class TickLines implements Consumer<TickOutcome> {
  private final PrintWriter err;

  public TickLines(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void accept(TickOutcome outcome) {
    String line =
        outcome.runId() != null
            ? "flowc: schedule %s: tick %s made run %d"
                .formatted(outcome.schedule(), outcome.tick(), outcome.runId())
            : "flowc: schedule %s: tick %s skipped: %s"
                .formatted(outcome.schedule(), outcome.tick(), outcome.skippedReason());
    synchronized (err) {
      err.println(line);
      err.flush();
    }
  }
}
