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
  void jobs_with_neither_run_dependency_nor_unique_key_are_independent() {
    assertThat(JobInserts.areIndependent(List.of(job().build(), job().queue("new").build())))
        .isTrue();
    assertThat(JobInserts.areIndependent(List.of(job().build(), job().runId(1L).build())))
        .as("its run's counters")
        .isFalse();
    assertThat(JobInserts.areIndependent(List.of(job().dependsOn(7).build())))
        .as("its dependency's state and row")
        .isFalse();
    assertThat(JobInserts.areIndependent(List.of(job().uniqueKey("k").build())))
        .as("the key's lock and holder")
        .isFalse();
  }

  @Test
  void independent_jobs_of_known_queues_are_one_write() {
    assertThat(JobInserts.isSingleWrite(List.of(job().build(), job().build()), Set.of("q"), 0))
        .isTrue();
  }

  @Test
  void independent_jobs_of_a_new_queue_are_one_write_where_one_statement_adds_the_queue_too() {
    List<EnqueueRequest> two = List.of(job().build(), job().queue("new").build());
    assertThat(JobInserts.isSingleWrite(two, Set.of("q"), 2)).isTrue();
    assertThat(JobInserts.isSingleWrite(two, Set.of("q"), 1))
        .as("more jobs than the statement takes: the queue's row first, then the ids and the rows")
        .isFalse();
    assertThat(JobInserts.isSingleWrite(two, Set.of("q"), 0)).as("no such statement").isFalse();
    assertThat(JobInserts.isSingleWrite(List.of(), Set.of(), 0))
        .as("no job: nothing to add")
        .isTrue();
  }
}
