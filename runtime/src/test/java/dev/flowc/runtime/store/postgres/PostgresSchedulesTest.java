package dev.flowc.runtime.store.postgres;

import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.SchedulesContractTest;
import dev.flowc.runtime.store.StoreOptions;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

/** The schedules' store contract on a real PostgreSQL server, each test in its own schema. */
class PostgresSchedulesTest extends SchedulesContractTest {
  private PostgresTestSchema schema;

  @Override
  protected JobStore openStore(Clock clock) {
    schema = PostgresTestSchema.create();
    return PostgresJobStore.open(schema.url(), StoreOptions.defaults(), clock);
  }

  @AfterEach
  void dropSchema() {
    if (schema != null) {
      schema.close();
    }
  }
}
