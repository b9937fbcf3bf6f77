package dev.flowc.runtime.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Another "machine" on this one: a Linux network namespace joined to the host by a veth pair, the
 * host's end at {@code 10.R.N.1/24} and the namespace's at {@code 10.R.N.2/24}. What runs under
 * {@link #exec()} reaches the host only over that link, through real TCP: {@link #cutOff()} takes
 * the link down (packets vanish, as in a partition: no reset, no error until a timeout) and {@link
 * #reconnect()} brings it back. Needs root and {@code ip} (iproute2); {@link #unavailable()} says
 * why not.
 */
final class NetworkNamespace implements AutoCloseable {
  private final String name;
  private final String hostLink;
  private final String hostAddress;
  private final String address;

  private NetworkNamespace(String name, String hostLink, String hostAddress, String address) {
    this.name = name;
    this.hostLink = hostLink;
    this.hostAddress = hostAddress;
    this.address = address;
  }

  /** Why namespaces cannot be made here, or empty when they can. */
  static Optional<String> unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("network namespaces need root (ip netns add); running as a user");
    }
    String probe = "flowc-probe-" + ProcessHandle.current().pid();
    try {
      run("ip", "netns", "add", probe);
      run("ip", "netns", "delete", probe);
      return Optional.empty();
    } catch (IllegalStateException e) {
      return Optional.of(
          "ip netns is unavailable here: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /**
   * Makes namespace {@code number} (1..250) of this JVM, with its link up.
   *
   * @param subnet the second byte of its addresses, chosen per test so parallel runs do not clash
   */
  static NetworkNamespace create(int subnet, int number) {
    long pid = ProcessHandle.current().pid();
    String name = "flowc-%d-%d".formatted(pid, number);
    // Interface names have at most 15 characters. Named by the subnet, which this JVM holds
    // (MachinesSubnet), not by the process id, whose last digits and the number ran together
    // ambiguously: unique on the machine while the test runs.
    String hostLink = "fh%d-%d".formatted(subnet, number);
    String link = "fn%d-%d".formatted(subnet, number);
    String hostAddress = "10.%d.%d.1".formatted(subnet, number);
    String address = "10.%d.%d.2".formatted(subnet, number);
    NetworkNamespace namespace = new NetworkNamespace(name, hostLink, hostAddress, address);
    try {
      // Left by a JVM killed before it deleted its namespaces, which held the subnet then.
      run("ip", "link", "delete", hostLink);
    } catch (IllegalStateException e) {
      // None: the usual case.
    }
    try {
      run("ip", "netns", "add", name);
      run("ip", "link", "add", hostLink, "type", "veth", "peer", "name", link);
      run("ip", "link", "set", link, "netns", name);
      run("ip", "addr", "add", hostAddress + "/24", "dev", hostLink);
      run("ip", "link", "set", hostLink, "up");
      run("ip", "netns", "exec", name, "ip", "addr", "add", address + "/24", "dev", link);
      run("ip", "netns", "exec", name, "ip", "link", "set", link, "up");
      run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
    } catch (RuntimeException e) {
      namespace.close();
      throw e;
    }
    return namespace;
  }

  /** The namespace's name. */
  String name() {
    return name;
  }

  /** The host's address on the link: where a server of the host listens for this namespace. */
  String hostAddress() {
    return hostAddress;
  }

  /** The namespace's own address. */
  String address() {
    return address;
  }

  /** The command prefix that runs a program inside the namespace. */
  List<String> exec() {
    return List.of("ip", "netns", "exec", name);
  }

  /** Takes the link down: from now on nothing crosses it, in either direction. */
  void cutOff() {
    run("ip", "link", "set", hostLink, "down");
  }

  /** Brings the link back up after {@link #cutOff()}. */
  void reconnect() {
    run("ip", "link", "set", hostLink, "up");
  }

  /**
   * Deletes the namespace (and with it the veth pair). Processes still running in it keep running
   * without a network: the caller kills them first.
   */
  @Override
  public void close() {
    try {
      run("ip", "link", "delete", hostLink);
    } catch (IllegalStateException e) {
      // Never made, or gone with the namespace.
    }
    try {
      run("ip", "netns", "delete", name);
    } catch (IllegalStateException e) {
      // Never made.
    }
  }

  private static void run(String... command) {
    try {
      Path output = Files.createTempFile("flowc-ip", ".out");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + ": still runs after 30 s");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "%s: exit %d: %s"
                  .formatted(
                      String.join(" ", command),
                      process.exitValue(),
                      Files.readString(output, UTF_8).strip()));
        }
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(String.join(" ", command) + ": interrupted", e);
    }
  }

  /** For failure messages. */
  @Override
  public String toString() {
    return "%s (%s, host %s)".formatted(name, address, hostAddress);
  }
}
