package dev.flowc.cli.run;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While installed, SIGTERM ends the JVM with exit code 0 instead of the 143 Java gives it, for
 * {@code flowc worker}: service managers (systemd, Kubernetes, {@code docker stop}) stop a service
 * with SIGTERM and take 143 for a failure. The shutdown hooks run as for any SIGTERM, so the worker
 * still stops gracefully; only the exit code changes. Closing restores the previous handler.
 */
final class SigtermExitsZero implements AutoCloseable {
  private static final String TERM = "TERM";

  private final SignalHandler previous;

  private SigtermExitsZero(SignalHandler previous) {
    this.previous = previous;
  }

  static SigtermExitsZero install() {
    try {
      // System.exit from the signal's thread is what the JVM's own handler does, with 143.
      return new SigtermExitsZero(Signal.handle(new Signal(TERM), signal -> System.exit(0)));
    } catch (IllegalArgumentException e) {
      // No SIGTERM on this platform, or the JVM reserves it (-Xrs): keep Java's behaviour.
      return new SigtermExitsZero(null);
    }
  }

  @Override
  public void close() {
    if (previous != null) {
      Signal.handle(new Signal(TERM), previous);
    }
  }
}
