package dev.flowc.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.store.postgres.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "machines" of the several-machines tests: a JVM in a namespace reaches a server on the host
 * over TCP through its veth only, and not at all once the link is cut.
 */
@Tag("slow")
class NetworkNamespaceTest {
  @TempDir Path dir;

  @Test
  void a_jvm_in_a_namespace_reaches_the_host_database_over_its_link_until_it_is_cut()
      throws Exception {
    Assumptions.assumeTrue(
        NetworkNamespace.unavailable().isEmpty(), () -> NetworkNamespace.unavailable().get());
    Assumptions.assumeTrue(
        PostgresServer.binaries().isPresent(), "no PostgreSQL server binaries on this machine");
    int subnet = MachinesSubnet.next();
    try (NetworkNamespace machine = NetworkNamespace.create(subnet, 1);
        PostgresServer server = PostgresServer.start("127.0.0.1," + machine.hostAddress())) {
      String url = server.url(machine.hostAddress(), "postgres");
      assertThat(probe(machine, "before", url)).isEqualTo("connected " + machine.address());

      // The server is not reachable on the host's loopback from inside: it is another machine.
      assertThat(probe(machine, "loopback", server.url("127.0.0.1", "postgres")))
          .startsWith("unreachable");

      machine.cutOff();
      assertThat(probe(machine, "cut", url)).startsWith("unreachable");

      machine.reconnect();
      assertThat(probe(machine, "after", url)).isEqualTo("connected " + machine.address());
    }
  }

  private String probe(NetworkNamespace machine, String name, String url) throws Exception {
    try (ChildJvm probe =
        ChildJvm.startWith(machine.exec(), dir, name, WorkerProcess.class, "probe", url)) {
      String line = probe.awaitLine("", Duration.ofSeconds(60));
      probe.awaitExit(Duration.ofSeconds(30));
      return line;
    }
  }
}
