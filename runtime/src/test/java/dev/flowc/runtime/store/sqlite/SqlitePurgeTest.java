package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.PurgeContractTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class SqlitePurgeTest extends PurgeContractTest {
  @TempDir Path dir;

  @Override
  protected JobStore openStore(Clock clock) {
    return SqliteJobStore.open(dir.resolve("purge.db"), SyncMode.NORMAL, clock);
  }

  @Override
  protected long number(String sql) throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("purge.db"));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Override
  protected void execute(String sql) throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("purge.db"));
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
