package dev.flowc.runtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.store.StoreOptions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The reconnect timeout: how long a store whose database went away keeps trying. */
class PostgresReconnectTimeoutTest {
  @Test
  void the_default_is_30_seconds() {
    assertThat(StoreOptions.defaults().reconnectTimeout()).hasSeconds(30);
  }

  @Test
  void a_read_gives_up_after_the_reconnect_timeout_once_the_database_is_gone() throws Exception {
    Assumptions.assumeTrue(
        PostgresServer.binaries().isPresent(), "no PostgreSQL server binaries on this machine");
    try (PostgresServer server = PostgresServer.start()) {
      try (Connection admin = server.connect("postgres");
          Statement statement = admin.createStatement()) {
        statement.execute("CREATE DATABASE flowc");
      }
      try (FlowRuntime runtime =
          FlowRuntime.builder()
              .store(server.url("flowc"))
              .reconnectTimeout(Duration.ofSeconds(1))
              .open()) {
        assertThat(runtime.runs(10)).isEmpty();

        server.stop();
        long start = System.nanoTime();

        assertThatThrownBy(() -> runtime.runs(10))
            .isInstanceOf(StoreException.class)
            .hasRootCauseInstanceOf(java.net.ConnectException.class);
        // Against a blow-up only: the default of 30 s would take longer than this.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
      }
    }
  }
}
