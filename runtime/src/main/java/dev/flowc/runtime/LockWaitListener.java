package dev.flowc.runtime;

import java.time.Duration;

/**
 * Told when the store has waited {@link #NOTICE_AFTER} for a lock that another process holds, so
 * that a user sees why nothing happens; the wait goes on until the lock is free or {@code timeout}
 * has passed (then the operation fails with a {@link StoreException}).
 */
@FunctionalInterface
public interface LockWaitListener {
  /** How long a wait lasts before the listener hears of it. */
  Duration NOTICE_AFTER = Duration.ofSeconds(1);

  /**
   * Called once per wait that lasts {@link #NOTICE_AFTER}, on the waiting thread.
   *
   * @param storeLocation the store, as {@link FlowRuntime#storeLocation()} names it
   * @param timeout how long the whole wait may last
   */
  void waiting(String storeLocation, Duration timeout);
}
