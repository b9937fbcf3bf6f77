package dev.flowc.runtime.store.jdbc;

import dev.flowc.runtime.JobEvent;
import dev.flowc.runtime.JobListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A store object's listeners and wake-up hooks, told after each commit. */
public final class StoreEvents {
  private static final Logger LOG = Logger.getLogger(StoreEvents.class.getName());

  private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
  private final List<IntConsumer> readyHooks = new CopyOnWriteArrayList<>();
  private volatile java.util.function.Consumer<java.util.Set<Long>> unsettledGroups;

  public void addListener(JobListener listener) {
    listeners.add(listener);
  }

  public void removeListener(JobListener listener) {
    listeners.remove(listener);
  }

  public void onReady(IntConsumer hook) {
    readyHooks.add(hook);
  }

  /** Whether a transaction should collect events: only when someone listens. */
  public boolean wanted() {
    return !listeners.isEmpty();
  }

  /** Tells the listeners and the wake-up hooks about {@code tx}, committed. */
  /**
   * Calls {@code hook} after every commit that ended items of fanned-out stages it saw with items
   * still open, with those stages' job ids, where another transaction may have ended the rest at
   * the same time (see {@code Groups}).
   */
  public void onUnsettledGroups(java.util.function.Consumer<java.util.Set<Long>> hook) {
    this.unsettledGroups = hook;
  }

  public void committed(WriteTx tx) {
    java.util.function.Consumer<java.util.Set<Long>> groups = unsettledGroups;
    if (groups != null && !tx.groupsAfterCommit.isEmpty()) {
      groups.accept(java.util.Set.copyOf(tx.groupsAfterCommit));
    }
    for (JobEvent event : tx.events) {
      for (JobListener listener : listeners) {
        try {
          listener.onEvent(event);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "a job listener failed", e);
        }
      }
    }
    if (tx.readied) {
      wakeUp(tx.readiedPriority);
    }
  }

  /** Calls the wake-up hooks: a job of {@code priority} may be ready. */
  public void wakeUp(int priority) {
    for (IntConsumer hook : readyHooks) {
      hook.accept(priority);
    }
  }
}
