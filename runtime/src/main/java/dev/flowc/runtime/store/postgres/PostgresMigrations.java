package dev.flowc.runtime.store.postgres;

import dev.flowc.runtime.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL schema as versioned SQL files under resources, applied in order on open, each in
 * the transaction that records its version in {@code flowc_schema}. Processes that open the same
 * store at once are serialized by a transaction-scoped advisory lock of its schema, so each step
 * runs once, while stores in other schemas of the database migrate at the same time; a database of
 * a newer schema is refused.
 */
final class PostgresMigrations {
  static final List<String> FILES =
      List.of(
          "v001__create_tables.sql",
          "v002__workers.sql",
          "v003__run_deltas.sql",
          "v004__submitting_runs.sql",
          "v005__fanout.sql",
          "v006__keys_and_schedules.sql",
          "v007__unique_keys_and_rates.sql",
          "v008__retention.sql",
          "v009__jobs_run_partial.sql");

  /**
   * The advisory lock key of migrations before they were per schema, one for the whole database:
   * "flowc" in ASCII, in the one-bigint key space. An older flowc takes it exclusively.
   */
  static final long DATABASE_LOCK_KEY = 0x666c6f7763L;

  /** The first integer of the migration locks of one schema: "flom" in ASCII. */
  static final int SCHEMA_LOCKS = 0x666c6f6d;

  private PostgresMigrations() {}

  static int latest() {
    return FILES.size();
  }

  /**
   * The schema the store's tables are in, as the connection's {@code search_path} resolves them:
   * the schema of {@code flowc_schema} when there is one, else the one new tables would be created
   * in; null when the search path names no schema that exists.
   */
  static String schema(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT coalesce((SELECT n.nspname FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE c.oid = to_regclass('flowc_schema')),"
                    + " current_schema())")) {
      rows.next();
      return rows.getString(1);
    }
  }

  /** The second integer of the migration lock of {@code schema}. */
  static int schemaLockKey(String schema) {
    return PostgresDialect.keyHash(schema);
  }

  /** The schema version of the database: 0 when it has no flowc schema. */
  static int version(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT to_regclass('flowc_schema') IS NOT NULL")) {
      rows.next();
      if (!rows.getBoolean(1)) {
        return 0;
      }
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT max(version) FROM flowc_schema")) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }

  /**
   * Brings the schema to the latest version; the connection is in auto-commit mode.
   *
   * @param schema the schema of the store's tables ({@link #schema})
   */
  static void apply(Connection connection, String location, String schema) throws SQLException {
    int found = version(connection);
    if (found > latest()) {
      throw newer(location, found);
    }
    if (found == latest()) {
      return;
    }
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      // The database's lock shared: migrations of other schemas go on at once (they took it
      // exclusively before, and installations in two schemas waited for each other), while an
      // older flowc, which takes it exclusively, still waits for this one's and this for its.
      // Then the schema's own lock, exclusively: one migration at a time per store. Always in
      // this order, so two never wait for each other in a circle.
      statement.execute("SELECT pg_advisory_xact_lock_shared(" + DATABASE_LOCK_KEY + ")");
      statement.execute(
          "SELECT pg_advisory_xact_lock(" + SCHEMA_LOCKS + ", " + schemaLockKey(schema) + ")");
      statement.execute("CREATE TABLE IF NOT EXISTS flowc_schema (version integer NOT NULL)");
      int version = version(connection);
      if (version > latest()) {
        throw newer(location, version);
      }
      for (int next = version; next < latest(); next++) {
        for (String sql : statements(FILES.get(next))) {
          statement.execute(sql);
        }
        statement.execute("INSERT INTO flowc_schema (version) VALUES (" + (next + 1) + ")");
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  static StoreException newer(String location, int version) {
    return new StoreException(
        "store '%s' was written by a newer flowc (schema version %d, this one knows %d): upgrade flowc"
            .formatted(location, version, latest()));
  }

  private static List<String> statements(String file) {
    return dev.flowc.runtime.store.jdbc.SqlScript.statements(PostgresMigrations.class, file);
  }
}
