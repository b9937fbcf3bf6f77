package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.JobStore;
import java.nio.file.Path;
import java.time.Clock;

/** TODO(runtime): being written. */
public abstract class SqliteJobStore implements JobStore {
  public static SqliteJobStore open(Path file, SyncMode syncMode, Clock clock) {
    throw new UnsupportedOperationException("being written");
  }
}
