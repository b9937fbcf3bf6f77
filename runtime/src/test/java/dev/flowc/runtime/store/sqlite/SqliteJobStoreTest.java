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
}
