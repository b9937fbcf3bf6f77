package dev.flowc.runtime.store.postgres;

import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.StoreOptions;
import dev.flowc.runtime.store.UniqueJobsContractTest;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

/** Unique jobs on a real PostgreSQL server, each test in a schema of its own. */
class PostgresUniqueJobsTest extends UniqueJobsContractTest {
  private PostgresTestSchema schema;

  @Override
  protected JobStore openStore(Clock clock) {
    schema = PostgresTestSchema.create();
    return openAgain(clock);
  }

  @Override
  protected JobStore openAgain(Clock clock) {
    return PostgresJobStore.open(schema.url(), StoreOptions.defaults(), clock);
  }

  @AfterEach
  void dropSchema() {
    if (schema != null) {
      schema.close();
    }
  }
}
