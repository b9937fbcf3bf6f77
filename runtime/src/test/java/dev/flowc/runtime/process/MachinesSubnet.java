package dev.flowc.runtime.process;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The second byte of the 10.x.y.z addresses of a test's namespaces: one per test in this JVM, and
 * apart from other JVMs' (by process id), so runs side by side do not share a network.
 */
final class MachinesSubnet {
  private static final AtomicInteger NEXT =
      new AtomicInteger(100 + (int) (ProcessHandle.current().pid() % 50) * 3);

  private MachinesSubnet() {}

  static int next() {
    return NEXT.getAndIncrement() % 250 + 1;
  }
}
