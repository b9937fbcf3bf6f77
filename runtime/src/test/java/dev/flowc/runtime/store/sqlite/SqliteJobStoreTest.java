package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.JobStoreContractTest;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class SqliteJobStoreTest extends JobStoreContractTest {
  @TempDir Path dir;

  @Override
  protected JobStore openStore(Clock clock) {
    return SqliteJobStore.open(dir.resolve("contract.db"), SyncMode.NORMAL, clock);
  }

  @Override
  protected void execute(String sql) throws Exception {
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("contract.db"));
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Override
  protected long countRows(String table) throws Exception {
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("contract.db"));
        java.sql.ResultSet rows =
            connection.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
