package dev.flowc.runtime.store.postgres;

import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.JobStoreContractTest;
import dev.flowc.runtime.store.StoreOptions;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

/** The store contract on a real PostgreSQL server, each test in a schema of its own. */
class PostgresJobStoreTest extends JobStoreContractTest {
  private PostgresTestSchema schema;

  @Override
  protected JobStore openStore(Clock clock) {
    schema = PostgresTestSchema.create();
    return PostgresJobStore.open(schema.url(), StoreOptions.defaults(), clock);
  }

  @Override
  protected void execute(String sql) throws Exception {
    try (java.sql.Connection connection = schema.connect();
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Override
  protected long countRows(String table) throws Exception {
    try (java.sql.Connection connection = schema.connect();
        java.sql.ResultSet rows =
            connection.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @AfterEach
  void dropSchema() {
    if (schema != null) {
      schema.close();
    }
  }
}
