package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.SchedulesContractTest;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class SqliteSchedulesTest extends SchedulesContractTest {
  @TempDir Path dir;

  @Override
  protected JobStore openStore(Clock clock) {
    return SqliteJobStore.open(dir.resolve("schedules.db"), SyncMode.NORMAL, clock);
  }
}
