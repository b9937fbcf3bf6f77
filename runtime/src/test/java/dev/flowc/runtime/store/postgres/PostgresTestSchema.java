package dev.flowc.runtime.store.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh schema in the database of {@code FLOWC_TEST_POSTGRES} (a JDBC URL of a superuser
 * connection), for one test: its URL points there with {@code currentSchema}, so a store created
 * through it sees only its own tables. Without the variable the test is skipped, saying why.
 */
public final class PostgresTestSchema implements AutoCloseable {
  static final String VARIABLE = "FLOWC_TEST_POSTGRES";

  private final String server;
  private final String name;

  private PostgresTestSchema(String server, String name) {
    this.server = server;
    this.name = name;
  }

  /** Creates a schema; skips the test when no server is configured. */
  public static PostgresTestSchema create() {
    String server = System.getenv(VARIABLE);
    assumeTrue(
        server != null && !server.isBlank(),
        VARIABLE + " is not set: no PostgreSQL server to test against");
    String name = "seam_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection connection = DriverManager.getConnection(server);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test schema: " + e.getMessage(), e);
    }
    return new PostgresTestSchema(server, name);
  }

  /** The URL of a store in this schema. */
  public String url() {
    return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  public String name() {
    return name;
  }

  /** A superuser connection whose search path is this schema. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }

  @Override
  public void close() {
    try (Connection connection = DriverManager.getConnection(server);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test schema " + name + ": " + e.getMessage(), e);
    }
  }
}
