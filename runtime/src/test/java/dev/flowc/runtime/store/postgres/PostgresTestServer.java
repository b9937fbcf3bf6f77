package dev.flowc.runtime.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests of this JVM use, and fresh databases on it.
 *
 * <p>The server is the one {@value #URL_VARIABLE} names (a JDBC URL of a superuser connection; CI
 * sets it), else a private server started from the machine's server binaries for this JVM and
 * stopped at its exit (so {@code mvn -B verify} tests PostgreSQL on a developer's machine too),
 * else none: then {@link #get()} skips the test, saying why.
 *
 * <pre>{@code
 * try (PostgresTestServer.Database database = PostgresTestServer.get().createDatabase()) {
 *   JobStore store = open(database.url());
 *   try (Connection sql = database.connect()) { ... }   // assertions in the database
 * }
 * }</pre>
 *
 * Or, one fresh database per test method, {@link FreshPostgresDatabase}.
 */
public final class PostgresTestServer {
  /** The environment variable naming the server: a JDBC URL of a superuser connection. */
  public static final String URL_VARIABLE = "FLOWC_TEST_POSTGRES";

  private static final Pattern JDBC_URL =
      Pattern.compile("(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?");
  private static final AtomicLong DATABASES = new AtomicLong();
  private static final String PREFIX =
      "flowc_test_%d_%s_"
          .formatted(ProcessHandle.current().pid(), UUID.randomUUID().toString().substring(0, 6));

  private static PostgresTestServer shared;
  private static String unavailable;
  private static IllegalStateException failure;

  private final String adminUrl;

  private PostgresTestServer(String adminUrl) {
    this.adminUrl = adminUrl;
  }

  /**
   * The server of this JVM, found or started on first use.
   *
   * @throws org.opentest4j.TestAbortedException (the test is skipped, with the reason) when there
   *     is no server: {@value #URL_VARIABLE} unset and no server binaries
   * @throws IllegalStateException when the server named or started does not answer
   */
  public static synchronized PostgresTestServer get() {
    Optional<PostgresTestServer> server = find();
    Assumptions.assumeTrue(server.isPresent(), () -> unavailable);
    return server.get();
  }

  /** The server of this JVM, or empty when there is none (the reason is {@link #get()}'s). */
  public static synchronized Optional<PostgresTestServer> find() {
    if (failure != null) {
      throw failure;
    }
    if (shared == null && unavailable == null) {
      try {
        shared = locate();
      } catch (IllegalStateException e) {
        failure = e;
        throw e;
      }
    }
    return Optional.ofNullable(shared);
  }

  /** The server {@value #URL_VARIABLE} names, else one of our own, else null (and why). */
  private static PostgresTestServer locate() {
    PostgresTestServer server;
    String url = System.getenv(URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      server = new PostgresTestServer(url.strip());
    } else if (PostgresServer.binaries().isPresent()) {
      PostgresServer own = PostgresServer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(own::close, "stop-test-postgres"));
      server = new PostgresTestServer(own.url("postgres"));
    } else {
      unavailable =
          "no PostgreSQL server for the tests: %s is unset and no server binaries were found"
                  .formatted(URL_VARIABLE)
              + " (/usr/lib/postgresql/N/bin, the PATH, or %s)"
                  .formatted(PostgresServer.BINARIES_VARIABLE);
      return null;
    }
    try (Connection connection = server.connect()) {
      return server;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the PostgreSQL server for the tests does not answer: " + e.getMessage(), e);
    }
  }

  /** The JDBC URL of the superuser connection to the server's own database. */
  public String adminUrl() {
    return adminUrl;
  }

  /** A new superuser connection to the server's own database (the caller closes it). */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(adminUrl);
  }

  /**
   * Creates a database with a name no other test (of this or another JVM) uses; closing it drops
   * it, cutting its connections.
   */
  public Database createDatabase() {
    String name = PREFIX + DATABASES.incrementAndGet();
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the test database " + name, e);
    }
    return new Database(this, name, withDatabase(adminUrl, name));
  }

  /** {@code url} with its database replaced by {@code database}, its parameters kept. */
  static String withDatabase(String url, String database) {
    Matcher matcher = JDBC_URL.matcher(url);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          URL_VARIABLE + " is not a jdbc:postgresql://host[:port]/database URL");
    }
    return matcher.group(1) + "/" + database + (matcher.group(3) == null ? "" : matcher.group(3));
  }

  private void drop(String name) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop the test database " + name, e);
    }
  }

  /**
   * A database of the test server, dropped when closed.
   *
   * @param name its name
   * @param url the JDBC URL of a superuser connection to it: what a store under test opens
   */
  public record Database(PostgresTestServer server, String name, String url)
      implements AutoCloseable {
    /** A new superuser connection to this database (the caller closes it). */
    public Connection connect() throws SQLException {
      return DriverManager.getConnection(url);
    }

    /** Drops the database, cutting the connections still open to it. */
    @Override
    public void close() {
      server.drop(name);
    }
  }
}
