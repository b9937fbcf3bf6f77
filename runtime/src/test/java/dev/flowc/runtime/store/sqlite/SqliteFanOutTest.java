package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.FanOutContractTest;
import dev.flowc.runtime.store.JobStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class SqliteFanOutTest extends FanOutContractTest {
  @TempDir Path dir;

  @Override
  protected JobStore openStore(Clock clock) {
    return SqliteJobStore.open(dir.resolve("fan-out.db"), SyncMode.NORMAL, clock);
  }
}
