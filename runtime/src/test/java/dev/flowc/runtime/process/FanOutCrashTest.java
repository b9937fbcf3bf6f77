package dev.flowc.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.StoreOptions;
import dev.flowc.runtime.store.Stores;
import dev.flowc.runtime.store.postgres.PostgresTestSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A process is killed (SIGKILL) while the transaction that completes a stage and makes the 200,000
 * items of its dependent runs: the store has either no item and the stage still running, or every
 * item and the stage complete; never some. The stage then comes back (its lease expires) and,
 * completed again, makes every item once.
 */
@Tag("slow")
class FanOutCrashTest {
  private static final int ITEMS = 200_000;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}, killed {1} ms into the transaction")
  @CsvSource({"sqlite, 500", "postgres, 500"})
  void a_process_killed_while_making_items_leaves_none_or_all(String kind, long killAfterMs)
      throws Exception {
    PostgresTestSchema schema = kind.equals("postgres") ? PostgresTestSchema.create() : null;
    String storeUrl = schema != null ? schema.url() : dir.resolve("crash.db").toString();
    try {
      long runId;
      try (ChildJvm child =
          ChildJvm.start(dir, "expand", FanOutCrashProcess.class, storeUrl, "" + ITEMS)) {
        runId = Long.parseLong(child.awaitLine("run ", Duration.ofSeconds(60)));
        child.awaitLine("completing", Duration.ofSeconds(60));
        Thread.sleep(killAfterMs);
        child.kill();
      }
      try (JobStore store = Stores.open(storeUrl, StoreOptions.defaults(), null)) {
        JobSummary list = stage(store, runId, "list");
        JobSummary items = stage(store, runId, "items");
        int made = store.runJobs(runId).size() - 2;
        if (list.state() == JobState.COMPLETE) {
          System.out.printf("%s, %d ms: killed after the commit%n", kind, killAfterMs);
          assertThat(items.state()).isEqualTo(JobState.RUNNING);
          assertThat(items.items()).isEqualTo(ITEMS);
          assertThat(made).isEqualTo(ITEMS);
          return;
        }
        System.out.printf("%s, %d ms: killed before the commit%n", kind, killAfterMs);
        assertThat(list.state()).isEqualTo(JobState.RUNNING);
        assertThat(items.state()).isEqualTo(JobState.BLOCKED);
        assertThat(made).as("items made").isZero();
        assertThat(store.run(runId).orElseThrow().jobs()).isEqualTo(2);

        // Its lease expires; claimed and completed again, it makes every item, once.
        Instant later = store.clock().instant().plusSeconds(5);
        assertThat(store.reclaimExpired(later, 5)).isEqualTo(1);
        List<ClaimedJob> again =
            store.claim(
                new ClaimRequest("w", Set.of(), Set.of(), runId, 1, later, later.plusSeconds(60)));
        assertThat(again).extracting(ClaimedJob::stage).containsExactly("list");
        com.fasterxml.jackson.databind.node.ArrayNode result =
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < ITEMS; i++) {
          result.add(i);
        }
        assertThat(store.complete(again.get(0).lease(), result).get()).isTrue();
        assertThat(stage(store, runId, "items").items()).isEqualTo(ITEMS);
        assertThat(store.runJobs(runId)).hasSize(ITEMS + 2);
      }
    } finally {
      if (schema != null) {
        schema.close();
      }
    }
  }

  private static JobSummary stage(JobStore store, long runId, String stage) {
    return store.runStages(runId).stream()
        .filter(job -> job.stage().equals(stage))
        .findFirst()
        .orElseThrow();
  }
}
