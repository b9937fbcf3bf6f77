package dev.flowc.cli.run;

import java.util.function.Supplier;

/**
 * Shows a run's progress while it is worked on. Called by one thread at a time ({@link RunMonitor}
 * serializes the calls).
 */
interface RunDisplay {
  /**
   * A job moved; {@code detail} says more (an error, a duration) or is empty. It may read the
   * store: get it only when it is shown.
   */
  void changed(JobBoard.Change change, JobBoard board, Supplier<String> detail);

  /** The board may have changed (called about ten times a second). */
  void refresh(JobBoard board);

  /** Work is stopping (Ctrl-C): say {@code message} while running jobs finish. */
  void stopping(String message);

  /** The last call: the board is final, or the work was stopped. */
  void finish(JobBoard board);
}
