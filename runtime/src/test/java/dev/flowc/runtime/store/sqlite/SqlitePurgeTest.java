package dev.flowc.runtime.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.PurgeReport;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.PurgeContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
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

  @Test
  void a_new_store_reclaims_space_and_a_purge_gives_the_removed_runs_space_back() throws Exception {
    assertThat(number("PRAGMA auto_vacuum")).isEqualTo(2); // incremental
    for (int i = 0; i < 3; i++) {
      completeAll(submit("big" + i, 4_000, false).id());
    }
    advance(Duration.ofDays(1));
    execute("PRAGMA wal_checkpoint(TRUNCATE)");
    long before = Files.size(dir.resolve("purge.db"));

    PurgeReport report = purge(Duration.ofHours(1), EnumSet.of(RunStatus.COMPLETE));

    execute("PRAGMA wal_checkpoint(TRUNCATE)");
    long after = Files.size(dir.resolve("purge.db"));
    assertThat(report.jobs()).isEqualTo(12_000);
    assertThat(number("PRAGMA freelist_count")).isZero();
    assertThat(after).isLessThan(before / 4);
    assertThat(report.bytesReclaimed()).isGreaterThan((before - after) / 2);
  }

  @Test
  void a_store_purged_before_ids_were_marked_gives_no_id_that_a_key_or_schedule_still_names()
      throws Exception {
    store.close();
    // A store of schema version 8 whose runs 1 to 7 were purged: only a key still names run 7.
    execute("DROP TRIGGER runs_keep_last_id");
    execute("DROP TRIGGER jobs_keep_last_id");
    execute("DROP TABLE id_marks");
    execute("PRAGMA user_version = 8");
    execute("INSERT INTO run_keys (key, run_id, created_at) VALUES ('nightly', 7, 0)");

    store = openStore(clock);

    assertThat(number("PRAGMA user_version")).isEqualTo(Migrations.latest());
    assertThat(submit("after", 1, false).id()).isEqualTo(8);
  }
}
