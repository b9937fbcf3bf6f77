package dev.flowc.runtime.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database of the {@link PostgresTestServer} for each test method (in an instance field) or
 * for the whole class (in a static field), dropped after it. Without a server, the tests skip,
 * saying why.
 *
 * <pre>{@code
 * @RegisterExtension final FreshPostgresDatabase database = new FreshPostgresDatabase();
 *
 * @Test
 * void something() throws Exception {
 *   JobStore store = open(database.url());
 *   try (Connection sql = database.connect()) { ... }
 * }
 * }</pre>
 */
public final class FreshPostgresDatabase
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private PostgresTestServer.Database database;
  private boolean perClass;

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    database = PostgresTestServer.get().createDatabase();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      database = PostgresTestServer.get().createDatabase();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      dropDatabase();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    dropDatabase();
  }

  /** The JDBC URL of a superuser connection to the database: what a store under test opens. */
  public String url() {
    return current().url();
  }

  /** The database's name. */
  public String name() {
    return current().name();
  }

  /** A new superuser connection to the database (the caller closes it). */
  public Connection connect() throws SQLException {
    return current().connect();
  }

  private PostgresTestServer.Database current() {
    if (database == null) {
      throw new IllegalStateException("no database outside a test: register the extension");
    }
    return database;
  }

  private void dropDatabase() {
    if (database != null) {
      PostgresTestServer.Database dropped = database;
      database = null;
      dropped.close();
    }
  }
}
