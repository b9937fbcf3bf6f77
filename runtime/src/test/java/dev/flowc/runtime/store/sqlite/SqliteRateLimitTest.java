package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.RateLimitContractTest;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class SqliteRateLimitTest extends RateLimitContractTest {
  @TempDir Path dir;

  @Override
  protected JobStore openStore(Clock clock) {
    return openAgain(clock);
  }

  @Override
  protected JobStore openAgain(Clock clock) {
    return SqliteJobStore.open(dir.resolve("rates.db"), SyncMode.NORMAL, clock);
  }
}
