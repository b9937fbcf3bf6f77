package dev.flowc.runtime.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.SyncMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store of schema version 1, from before job logs, gets the table on open. */
class JobLogsMigrationTest {
  @TempDir Path dir;

  @Test
  void a_version_1_store_is_migrated_to_keep_job_logs() throws Exception {
    Path file = dir.resolve("v1.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      String v1 =
          new String(
              Migrations.class.getResourceAsStream("v001__create_tables.sql").readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8);
      for (String sql : v1.replaceAll("--[^\n]*", "").split(";")) {
        if (!sql.isBlank()) {
          statement.execute(sql);
        }
      }
      statement.execute("PRAGMA user_version = 1");
    }

    try (SqliteJobStore store = SqliteJobStore.open(file, SyncMode.NORMAL, Clock.systemUTC())) {
      assertThat(store.logs(1)).isEmpty();
    }

    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      assertThat(Migrations.version(statement)).isEqualTo(Migrations.latest());
    }
  }
}
