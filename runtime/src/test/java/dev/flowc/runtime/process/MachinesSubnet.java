package dev.flowc.runtime.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The second byte of the 10.x.y.z addresses of a test's namespaces: one per test, and apart from
 * every other JVM's on the machine (surefire's forks, another build's tests), so runs side by side
 * do not share a network. A subnet is taken by locking its file in the temporary directory, held
 * until the JVM exits (the system releases it then, also after a kill); before, a subnet was chosen
 * from the process id, and two JVMs whose ids were equal modulo 50 used the same addresses.
 */
final class MachinesSubnet {
  private static final int SUBNETS = 250;
  // Open to the JVM's end: closing a channel releases its lock. Never opened a second time in this
  // JVM either: on Linux, closing any channel of a file releases the JVM's locks on it.
  private static final Map<Integer, FileChannel> HELD = new HashMap<>();

  private MachinesSubnet() {}

  static int next() {
    return next((int) (ProcessHandle.current().pid() % SUBNETS));
  }

  /** The first subnet free on the machine from {@code start + 1} on (for tests). */
  static synchronized int next(int start) {
    Path directory = Path.of(System.getProperty("java.io.tmpdir"));
    for (int i = 0; i < SUBNETS; i++) {
      int subnet = (start + i) % SUBNETS + 1;
      if (HELD.containsKey(subnet)) {
        continue;
      }
      try {
        FileChannel channel =
            FileChannel.open(
                directory.resolve("flowc-test-subnet-" + subnet + ".lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock != null) {
          HELD.put(subnet, channel);
          return subnet;
        }
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException(
        "every test subnet 10.1-" + SUBNETS + ".x.x is held by another JVM on this machine");
  }
}
