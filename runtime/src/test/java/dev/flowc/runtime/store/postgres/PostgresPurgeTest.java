package dev.flowc.runtime.store.postgres;

import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.PurgeContractTest;
import dev.flowc.runtime.store.StoreOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

/** The purge's store contract on a real PostgreSQL server, each test in its own schema. */
class PostgresPurgeTest extends PurgeContractTest {
  private PostgresTestSchema schema;

  @Override
  protected JobStore openStore(Clock clock) {
    schema = PostgresTestSchema.create();
    return PostgresJobStore.open(schema.url(), StoreOptions.defaults(), clock);
  }

  @Override
  protected long number(String sql) throws Exception {
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Override
  protected void execute(String sql) throws Exception {
    try (Connection connection = schema.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @AfterEach
  void dropSchema() {
    if (schema != null) {
      schema.close();
    }
  }
}
