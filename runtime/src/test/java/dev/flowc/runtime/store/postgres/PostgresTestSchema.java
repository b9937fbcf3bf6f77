package dev.flowc.runtime.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh schema for one test, in a database of this JVM's own on the {@link PostgresTestServer}
 * ({@code FLOWC_TEST_POSTGRES}, else a private server): its URL points there with {@code
 * currentSchema}, so a store created through it sees only its own tables. Without a server the test
 * is skipped, saying why.
 *
 * <p>A database per JVM, not the server's own: test JVMs running side by side (surefire's forks,
 * another build on the same server) would otherwise share what PostgreSQL keeps per database. Tests
 * look at and end the sessions of "their" database ({@code pg_stat_activity} where {@code datname =
 * current_database()}: waiting for a listener, killing every flowc connection to imitate a
 * restart), and take advisory locks, which are per database too; in one database they would count
 * and kill another JVM's store. The database is dropped when the JVM exits.
 */
public final class PostgresTestSchema implements AutoCloseable {

  private final String server;
  private final String name;

  private PostgresTestSchema(String server, String name) {
    this.server = server;
    this.name = name;
  }

  /** Creates a schema; skips the test when no server is configured. */
  public static PostgresTestSchema create() {
    String server = database().url();
    String name = "seam_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection connection = DriverManager.getConnection(server);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test schema: " + e.getMessage(), e);
    }
    return new PostgresTestSchema(server, name);
  }

  private static PostgresTestServer.Database database;

  /** This JVM's database, created on first use and dropped at the JVM's exit. */
  private static synchronized PostgresTestServer.Database database() {
    if (database == null) {
      // FLOWC_TEST_POSTGRES, else a private server of this JVM; without either, skipped.
      PostgresTestServer.Database created = PostgresTestServer.get().createDatabase();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      created.close();
                    } catch (RuntimeException e) {
                      // A private server may be stopping at the same time: nothing to keep.
                    }
                  },
                  "drop-test-schemas-database"));
      database = created;
    }
    return database;
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
