package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The store's schema as versioned SQL files under resources, applied in order on open. The version
 * is SQLite's {@code user_version}; a file written by a newer flowc is refused. The first migration
 * of a store also stamps it with flowc's {@code application_id}, and stamps a store of the flowc
 * that did not: in the same transaction, after checking that the file is one flowc may write to.
 */
final class Migrations {
  /** In order; the version of the schema is the number of files applied. */
  static final List<String> FILES =
      List.of(
          "v001__create_tables.sql",
          "v002__job_logs.sql",
          "v003__workers.sql",
          "v004__submitting_runs.sql",
          "v005__fanout.sql",
          "v006__keys_and_schedules.sql",
          "v007__unique_keys_and_rates.sql",
          "v008__retention.sql",
          "v009__ids_never_reused.sql",
          "v010__jobs_run_partial.sql");

  private Migrations() {}

  static int latest() {
    return FILES.size();
  }

  /** Brings the schema to the latest version, each step in its own transaction. */
  static void apply(Connection connection, String location) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      int found = version(statement);
      if (found > latest()) {
        throw newer(location, found);
      }
      if (found == latest() && applicationId(statement) == StoreFile.APPLICATION_ID) {
        return;
      }
      if (found == 0) {
        // A new store reclaims the space of purged runs (incremental vacuum): only possible
        // before its first table, outside a transaction. A no-op on a file that has tables.
        statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
      }
      statement.execute("BEGIN IMMEDIATE");
      try {
        int version = version(statement);
        if (version > latest()) {
          throw newer(location, version);
        }
        int applicationId = applicationId(statement);
        if (applicationId != StoreFile.APPLICATION_ID) {
          requireEmptyOrUnstamped(statement, location, applicationId, version);
          statement.execute("PRAGMA application_id = " + StoreFile.APPLICATION_ID);
        }
        for (int next = version; next < latest(); next++) {
          for (String sql : statements(FILES.get(next))) {
            statement.execute(sql);
          }
          statement.execute("PRAGMA user_version = " + (next + 1));
        }
        statement.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        statement.execute("ROLLBACK");
        throw e;
      }
    }
  }

  /**
   * The file was looked at before it was opened ({@link StoreFile}); this looks again under the
   * write lock, in case another process wrote to it in between.
   */
  private static void requireEmptyOrUnstamped(
      Statement statement, String location, int applicationId, int version) throws SQLException {
    Set<String> tables = new HashSet<>();
    int objects = 0;
    try (ResultSet rows = statement.executeQuery("SELECT type, name FROM sqlite_master")) {
      while (rows.next()) {
        objects++;
        if ("table".equals(rows.getString(1))) {
          tables.add(rows.getString(2));
        }
      }
    }
    boolean empty = applicationId == 0 && version == 0 && objects == 0;
    boolean unstamped =
        applicationId == 0 && version == 1 && tables.containsAll(StoreFile.VERSION_1_TABLES);
    if (!empty && !unstamped) {
      throw new StoreException(
          ("cannot open store '%s': the file is not a flowc store but another application's"
                  + " SQLite database; flowc leaves it unchanged")
              .formatted(location));
    }
  }

  static int applicationId(Statement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery("PRAGMA application_id")) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }

  static StoreException newer(String location, int version) {
    return new StoreException(
        "store '%s' was written by a newer flowc (schema version %d, this one knows %d): upgrade flowc"
            .formatted(location, version, latest()));
  }

  static int version(Statement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }

  private static List<String> statements(String file) {
    return dev.flowc.runtime.store.jdbc.SqlScript.statements(Migrations.class, file);
  }
}
