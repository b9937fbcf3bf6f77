package dev.flowc.runtime;

import java.util.List;

/**
 * What one attempt of a job printed and logged, bounded: when it wrote more than the bound (see
 * docs/runtime.md), the lines from the start and the lines from the end are kept, and the ones in
 * between are counted.
 *
 * @param attempt the attempt's number
 * @param lines the kept lines, in order
 * @param omittedLines how many lines were dropped from the middle; 0 when nothing was
 * @param omittedAt the index in {@code lines} of the first line after the dropped ones (the number
 *     of lines kept from the start); meaningless when {@code omittedLines} is 0
 */
public record AttemptLog(int attempt, List<LogLine> lines, int omittedLines, int omittedAt) {

  /** Copies the lines and checks the cut lies within them. */
  public AttemptLog {
    lines = List.copyOf(lines);
    if (omittedLines < 0 || omittedAt < 0 || omittedAt > lines.size()) {
      throw new IllegalArgumentException(
          "bad cut: %d lines omitted at %d of %d".formatted(omittedLines, omittedAt, lines.size()));
    }
  }

  /** Whether lines were dropped from the middle. */
  public boolean isCut() {
    return omittedLines > 0;
  }
}
