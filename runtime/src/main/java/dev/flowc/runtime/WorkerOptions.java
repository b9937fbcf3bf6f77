package dev.flowc.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How a worker runs.
 *
 * @param queues the queues it serves; empty for every queue
 * @param threads how many jobs it runs at once
 * @param prefetch how many claimed jobs it may hold beyond its free threads; a larger claim batch
 *     costs fewer transactions (see docs/performance.md), but jobs held here wait while other
 *     workers could run them. {@link #AUTO_PREFETCH} (the default) holds about 20 ms of work per
 *     thread at the job time seen so far: from 4 per thread (slow jobs) up to the largest claim
 *     (no-op jobs). Whatever it is, a job of a higher priority that becomes ready starts before the
 *     lower ones held
 * @param runId serve only this run's jobs, or {@code null} for any
 * @param shutdownGrace how long {@link Worker#close()} waits for running jobs before interrupting
 *     them and releasing them to {@code pending}
 */
public record WorkerOptions(
    Set<String> queues, int threads, int prefetch, Long runId, Duration shutdownGrace) {

  /** The prefetch that follows the jobs' time (see {@code prefetch} above). */
  public static final int AUTO_PREFETCH = -1;

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException when {@code threads} is below 1 or {@code prefetch} negative
   *     and not {@link #AUTO_PREFETCH}
   */
  public WorkerOptions {
    queues = Set.copyOf(queues);
    if (threads < 1) {
      throw new IllegalArgumentException("a worker needs at least one thread, not " + threads);
    }
    if (prefetch < 0 && prefetch != AUTO_PREFETCH) {
      throw new IllegalArgumentException("prefetch must not be negative: " + prefetch);
    }
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
  }

  /** Every queue, {@code threads} threads, the automatic prefetch, a 10 s grace. */
  public static WorkerOptions of(int threads) {
    return new WorkerOptions(Set.of(), threads, AUTO_PREFETCH, null, Duration.ofSeconds(10));
  }

  /** These options serving only {@code queues} (every queue when empty). */
  public WorkerOptions withQueues(Set<String> queues) {
    return new WorkerOptions(queues, threads, prefetch, runId, shutdownGrace);
  }

  /** These options with another prefetch. */
  public WorkerOptions withPrefetch(int prefetch) {
    return new WorkerOptions(queues, threads, prefetch, runId, shutdownGrace);
  }

  /** These options serving only the jobs of {@code runId} (any run when {@code null}). */
  public WorkerOptions forRun(Long runId) {
    return new WorkerOptions(queues, threads, prefetch, runId, shutdownGrace);
  }

  /** These options with another shutdown grace. */
  public WorkerOptions withShutdownGrace(Duration shutdownGrace) {
    return new WorkerOptions(queues, threads, prefetch, runId, shutdownGrace);
  }
}
