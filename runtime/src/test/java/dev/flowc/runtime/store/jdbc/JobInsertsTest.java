package dev.flowc.runtime.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.EnqueueRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobInsertsTest {
  private static EnqueueRequest.Builder job() {
    return EnqueueRequest.builder("builtin.noop").queue("q");
  }

  @Test
  void independent_jobs_of_known_queues_are_one_write() {
    assertThat(JobInserts.isSingleWrite(List.of(job().build(), job().build()), Set.of("q")))
        .isTrue();
  }

  @Test
  void a_job_in_a_run_with_a_dependency_a_unique_key_or_a_new_queue_needs_a_transaction() {
    Set<String> known = Set.of("q");
    assertThat(JobInserts.isSingleWrite(List.of(job().build(), job().runId(1L).build()), known))
        .as("its run's counters")
        .isFalse();
    assertThat(JobInserts.isSingleWrite(List.of(job().dependsOn(7).build()), known))
        .as("its dependency's state and row")
        .isFalse();
    assertThat(JobInserts.isSingleWrite(List.of(job().uniqueKey("k").build()), known))
        .as("the key's lock and holder")
        .isFalse();
    assertThat(JobInserts.isSingleWrite(List.of(job().queue("new").build()), known))
        .as("the queue's row")
        .isFalse();
  }
}
