package dev.flowc.runtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresTestServerTest {
  @RegisterExtension final FreshPostgresDatabase fresh = new FreshPostgresDatabase();

  @Test
  void a_fresh_database_is_empty_and_its_url_connects_to_it() throws SQLException {
    try (Connection connection = java.sql.DriverManager.getConnection(fresh.url())) {
      assertThat(single(connection, "SELECT current_database()")).isEqualTo(fresh.name());
      assertThat(
              single(
                  connection,
                  "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN"
                      + " ('pg_catalog', 'information_schema')"))
          .isEqualTo("0");
    }
  }

  @Test
  void each_database_has_its_own_name_and_closing_it_drops_it_even_with_connections_open()
      throws SQLException {
    PostgresTestServer server = PostgresTestServer.get();
    PostgresTestServer.Database first = server.createDatabase();
    PostgresTestServer.Database second = server.createDatabase();
    assertThat(first.name()).isNotEqualTo(second.name()).isNotEqualTo(fresh.name());
    Connection left = first.connect();
    first.close();
    second.close();
    try (Connection admin = server.connect()) {
      assertThat(
              single(
                  admin,
                  "SELECT count(*) FROM pg_database WHERE datname IN ('%s', '%s')"
                      .formatted(first.name(), second.name())))
          .isEqualTo("0");
    }
    assertThatThrownBy(() -> single(left, "SELECT 1")).isInstanceOf(SQLException.class);
    left.close();
  }

  @Test
  void a_url_keeps_its_host_port_and_parameters_with_another_database() {
    assertThat(
            PostgresTestServer.withDatabase(
                "jdbc:postgresql://db.internal:5433/postgres?user=flowc&sslmode=require", "t1"))
        .isEqualTo("jdbc:postgresql://db.internal:5433/t1?user=flowc&sslmode=require");
    assertThat(PostgresTestServer.withDatabase("jdbc:postgresql://localhost", "t2"))
        .isEqualTo("jdbc:postgresql://localhost/t2");
    assertThatThrownBy(() -> PostgresTestServer.withDatabase("jdbc:sqlite:x.db", "t3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("x.db");
  }

  private static String single(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
