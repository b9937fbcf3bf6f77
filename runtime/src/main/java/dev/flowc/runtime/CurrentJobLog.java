package dev.flowc.runtime;

import dev.flowc.runtime.worker.OutputCapture;

/**
 * The log of the attempt whose handler runs on the calling thread (or on the thread that started
 * it), for logging backends: an SLF4J provider, a Logback or Log4j appender can send the events of
 * a handler's own loggers ({@code LoggerFactory.getLogger(...)}) to its job's log, as the flowc
 * command does, and write the others as usual.
 */
public final class CurrentJobLog {
  private CurrentJobLog() {}

  /**
   * Records {@code text} in the log of the attempt running on this thread.
   *
   * @return false when this thread runs no attempt, or it has ended: write the line elsewhere
   */
  public static boolean append(LogLine.Level level, String text) {
    return OutputCapture.log(level, text);
  }

  /** Whether this thread runs an attempt whose log takes lines. */
  public static boolean isActive() {
    return OutputCapture.active();
  }
}
