package dev.flowc.runtime;

/**
 * What a purge removed, or would remove ({@link #dryRun}).
 *
 * @param runs runs removed, whole
 * @param jobs their jobs, fan-out items included
 * @param logLines the lines of their jobs' attempt logs
 * @param errors entries of their jobs' error history
 * @param deadLetters their dead letters (replayed or not)
 * @param bytesReclaimed bytes given back to the file system, or -1 when not known (PostgreSQL,
 *     which reuses the space, and a dry run); 0 for a SQLite store made before flowc reclaimed
 *     space (see docs/runtime.md, "Retention")
 * @param dryRun whether nothing was removed
 */
public record PurgeReport(
    int runs,
    long jobs,
    long logLines,
    long errors,
    long deadLetters,
    long bytesReclaimed,
    boolean dryRun) {

  /** Nothing removed. */
  public static PurgeReport none(boolean dryRun) {
    return new PurgeReport(0, 0, 0, 0, 0, dryRun ? -1 : 0, dryRun);
  }

  /** This report and {@code other}'s counts added (bytes: known only when both are). */
  public PurgeReport plus(PurgeReport other) {
    long bytes =
        bytesReclaimed < 0 || other.bytesReclaimed < 0 ? -1 : bytesReclaimed + other.bytesReclaimed;
    return new PurgeReport(
        runs + other.runs,
        jobs + other.jobs,
        logLines + other.logLines,
        errors + other.errors,
        deadLetters + other.deadLetters,
        bytes,
        dryRun);
  }

  /** This report with {@code bytes} reclaimed. */
  public PurgeReport withBytesReclaimed(long bytes) {
    return new PurgeReport(runs, jobs, logLines, errors, deadLetters, bytes, dryRun);
  }
}
