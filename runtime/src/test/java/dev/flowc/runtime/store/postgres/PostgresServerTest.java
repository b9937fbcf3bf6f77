package dev.flowc.runtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A private server of a test's own: it answers, keeps its data over a restart, and goes away. */
@Tag("slow")
class PostgresServerTest {
  @Test
  void a_private_server_keeps_its_data_over_a_restart_and_is_gone_once_closed()
      throws SQLException {
    Assumptions.assumeTrue(
        PostgresServer.binaries().isPresent(), "no PostgreSQL server binaries on this machine");
    Path dataDir;
    String url;
    try (PostgresServer server = PostgresServer.start()) {
      url = server.url("postgres");
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE kept (n int)");
        statement.execute("INSERT INTO kept VALUES (42)");
        dataDir = Path.of(query(connection, "SHOW data_directory"));
        assertThat(Files.isDirectory(dataDir)).isTrue();
      }
      Connection cut = DriverManager.getConnection(url);
      server.restart();
      assertThatThrownBy(() -> query(cut, "SELECT 1")).isInstanceOf(SQLException.class);
      cut.close();
      try (Connection connection = DriverManager.getConnection(url)) {
        assertThat(query(connection, "SELECT n FROM kept")).isEqualTo("42");
      }
      server.stop();
      assertThatThrownBy(() -> DriverManager.getConnection(url).close())
          .isInstanceOf(SQLException.class);
      server.startAgain();
      try (Connection connection = DriverManager.getConnection(url)) {
        assertThat(query(connection, "SELECT n FROM kept")).isEqualTo("42");
      }
    }
    assertThat(Files.exists(dataDir)).isFalse();
    assertThatThrownBy(() -> DriverManager.getConnection(url).close())
        .isInstanceOf(SQLException.class);
  }

  @Test
  void a_server_whose_port_was_taken_before_it_bound_it_starts_on_another() throws Exception {
    Assumptions.assumeTrue(
        PostgresServer.binaries().isPresent(), "no PostgreSQL server binaries on this machine");
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      java.util.concurrent.atomic.AtomicInteger asked =
          new java.util.concurrent.atomic.AtomicInteger();
      PostgresServer.Ports ports =
          () -> {
            if (asked.getAndIncrement() == 0) {
              return taken.getLocalPort(); // as if another process took it meanwhile
            }
            try (java.net.ServerSocket free =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
              return free.getLocalPort();
            }
          };
      try (PostgresServer server =
          PostgresServer.start(PostgresServer.binaries().get(), "127.0.0.1", null, ports)) {
        assertThat(asked.get()).isEqualTo(2);
        assertThat(server.port()).isNotEqualTo(taken.getLocalPort());
        try (Connection connection = DriverManager.getConnection(server.url("postgres"))) {
          assertThat(query(connection, "SELECT 1")).isEqualTo("1");
        }
      }
    }
  }

  private static String query(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
