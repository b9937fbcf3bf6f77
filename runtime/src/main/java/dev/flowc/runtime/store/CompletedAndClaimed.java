package dev.flowc.runtime.store;

import java.util.List;

/**
 * What {@link JobStore#completeThenClaim} did: whether the completion applied (its lease held), and
 * the jobs its transaction claimed afterwards for the worker, in claim order.
 *
 * @param applied whether the job was recorded complete
 * @param claimed the jobs claimed in the same transaction, none when it made none ready
 */
public record CompletedAndClaimed(boolean applied, List<ClaimedJob> claimed) {
  /** Copies the list. */
  public CompletedAndClaimed {
    claimed = List.copyOf(claimed);
  }
}
