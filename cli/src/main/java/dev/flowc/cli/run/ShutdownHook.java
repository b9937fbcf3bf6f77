package dev.flowc.cli.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an action when the JVM is asked to stop (Ctrl-C, SIGTERM): the JVM exits when it returns,
 * with 130 for SIGINT and 143 for SIGTERM. Closing the hook removes it, so that commands run inside
 * a test JVM leave nothing behind.
 */
final class ShutdownHook implements AutoCloseable {
  private final Thread thread;
  private final AtomicBoolean triggered = new AtomicBoolean();
  private final CountDownLatch done = new CountDownLatch(1);

  private ShutdownHook(Runnable action) {
    this.thread =
        new Thread(
            () -> {
              triggered.set(true);
              try {
                action.run();
              } finally {
                done.countDown();
              }
            },
            "flowc-shutdown");
  }

  static ShutdownHook install(Runnable action) {
    ShutdownHook hook = new ShutdownHook(action);
    Runtime.getRuntime().addShutdownHook(hook.thread);
    return hook;
  }

  /** Whether the JVM is stopping and the action has started. */
  boolean triggered() {
    return triggered.get();
  }

  /**
   * For the command's own thread once the hook has started: waits while the hook finishes and the
   * JVM halts, so that the command prints nothing more and returns no exit code of its own.
   */
  void parkUntilHalt() {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        // The JVM halts right after the last hook returns; until then there is nothing to do.
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted = true;
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(thread);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook runs or ran.
    }
  }
}
