package dev.flowc.runtime;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which finished runs {@link FlowRuntime#purge} removes, with everything they hold (jobs, results,
 * error history, logs, dependencies, fan-out items, dead letters): those of a status in {@code
 * olderThan} that finished longer ago than its duration. A run that is not finished, or has a job
 * that is not final, is never removed; nor are runs' idempotency keys.
 *
 * @param olderThan for each status to remove (complete, failed, cancelled; not running), how long
 *     ago a run must have finished
 * @param keepRunsWithDeadJobs whether a run that holds a dead job (a dead letter not replayed) is
 *     kept whatever its status and age: what background retention does, so that dead letters stay
 *     until replayed or purged explicitly
 * @param dryRun count what would be removed, and remove nothing
 */
public record PurgeRequest(
    Map<RunStatus, Duration> olderThan, boolean keepRunsWithDeadJobs, boolean dryRun) {

  /**
   * Validates the request.
   *
   * @throws IllegalArgumentException when a status is {@code running} or a duration negative
   */
  public PurgeRequest {
    Objects.requireNonNull(olderThan, "olderThan");
    EnumMap<RunStatus, Duration> copy = new EnumMap<>(RunStatus.class);
    olderThan.forEach(
        (status, age) -> {
          if (!status.isFinal()) {
            throw new IllegalArgumentException("only finished runs can be purged, not " + status);
          }
          if (age.isNegative()) {
            throw new IllegalArgumentException("a purge's age must not be negative: " + age);
          }
          copy.put(status, age);
        });
    olderThan = Collections.unmodifiableMap(copy);
  }

  /**
   * An explicit purge ({@code flowc purge}): the runs of {@code statuses} finished more than {@code
   * olderThan} ago. Dead letters go with their runs only when {@code statuses} has {@code failed}
   * (every failed run holds one); otherwise a run holding one is kept.
   */
  public static PurgeRequest olderThan(Duration olderThan, Set<RunStatus> statuses) {
    EnumMap<RunStatus, Duration> ages = new EnumMap<>(RunStatus.class);
    statuses.forEach(status -> ages.put(status, olderThan));
    return new PurgeRequest(ages, !statuses.contains(RunStatus.FAILED), false);
  }

  /** This request counting only, removing nothing. */
  public PurgeRequest asDryRun() {
    return new PurgeRequest(olderThan, keepRunsWithDeadJobs, true);
  }
}
