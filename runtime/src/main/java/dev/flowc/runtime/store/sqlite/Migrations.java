package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's schema as versioned SQL files under resources, applied in order on open. The version
 * is SQLite's {@code user_version}; a file written by a newer flowc is refused.
 */
final class Migrations {
  /** In order; the version of the schema is the number of files applied. */
  static final List<String> FILES = List.of("v001__create_tables.sql", "v002__job_logs.sql");

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
      if (found == latest()) {
        return;
      }
      statement.execute("BEGIN IMMEDIATE");
      try {
        int version = version(statement);
        if (version > latest()) {
          throw newer(location, version);
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

  private static StoreException newer(String location, int version) {
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
    try (InputStream in = Migrations.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("migration " + file + " is missing from the jar");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      StringBuilder withoutComments = new StringBuilder();
      for (String line : text.split("\n")) {
        int comment = line.indexOf("--");
        withoutComments.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
      }
      return java.util.Arrays.stream(withoutComments.toString().split(";"))
          .map(String::strip)
          .filter(sql -> !sql.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + file, e);
    }
  }
}
