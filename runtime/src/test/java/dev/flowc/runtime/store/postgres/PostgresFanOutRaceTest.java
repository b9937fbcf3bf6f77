package dev.flowc.runtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.dag.Each;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.NewRun;
import dev.flowc.runtime.store.StoreOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Two store objects (two processes, as far as the store can tell) end the items of one fanned-out
 * stage at the same time, each in its own transactions: whichever order their commits take, the
 * stage settles (the look after a commit finds what neither transaction could see), once.
 */
class PostgresFanOutRaceTest {
  private static final int ITEMS = 400;

  @Test
  void items_ended_at_once_by_two_processes_settle_their_stage() throws Exception {
    try (PostgresTestSchema schema = PostgresTestSchema.create();
        JobStore first = PostgresJobStore.open(schema.url(), StoreOptions.defaults(), null);
        JobStore second = PostgresJobStore.open(schema.url(), StoreOptions.defaults(), null)) {
      List<Integer> numbers = new ArrayList<>();
      for (int i = 0; i < ITEMS; i++) {
        numbers.add(i);
      }
      Plan plan =
          new Plan(
              "race",
              null,
              null,
              Map.of(),
              List.of(new QueueSpec(QueueSpec.DEFAULT, null)),
              List.of(
                  JobSpec.builder("items", "builtin.noop")
                      .each(
                          Each.over(
                              new com.fasterxml.jackson.databind.ObjectMapper()
                                  .valueToTree(numbers),
                              "n"))
                      .build(),
                  JobSpec.builder("after", "builtin.noop").dependsOn("items").build()));
      RunView run = first.createRun(new NewRun(plan, null));
      Instant now = first.clock().instant();
      List<ClaimedJob> claimed =
          first.claim(
              new ClaimRequest(
                  "w", Set.of(), Set.of(), run.id(), ITEMS, now, now.plusSeconds(300)));
      assertThat(claimed).hasSize(ITEMS);
      List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
      for (int i = 0; i < ITEMS; i++) {
        JobStore store = i % 2 == 0 ? first : second;
        outcomes.add(store.complete(claimed.get(i).lease(), null));
      }
      for (CompletableFuture<Boolean> outcome : outcomes) {
        assertThat(outcome.get()).isTrue();
      }
      long deadline = System.nanoTime() + 30_000_000_000L;
      JobSummary after;
      while (true) {
        after =
            first.runStages(run.id()).stream()
                .filter(job -> job.stage().equals("after"))
                .findFirst()
                .orElseThrow();
        if (after.state() == JobState.PENDING || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(20); // polling with a deadline: the look after a commit runs on its own thread
      }
      assertThat(after.state())
          .as("the stage settled and released its dependent")
          .isEqualTo(JobState.PENDING);
      JobSummary items =
          first.runStages(run.id()).stream()
              .filter(job -> job.stage().equals("items"))
              .findFirst()
              .orElseThrow();
      assertThat(items.state()).isEqualTo(JobState.COMPLETE);
      assertThat(first.job(items.id()).orElseThrow().result()).hasSize(ITEMS);
    }
  }
}
