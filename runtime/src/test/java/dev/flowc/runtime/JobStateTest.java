package dev.flowc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobStateTest {

  @Test
  void final_states_are_complete_dead_and_cancelled() {
    assertThat(JobState.values())
        .filteredOn(JobState::isFinal)
        .containsExactly(JobState.COMPLETE, JobState.DEAD, JobState.CANCELLED);
  }

  @Test
  void the_transition_table_matches_the_runtime_contract() {
    assertThat(JobState.BLOCKED.canMoveTo(JobState.PENDING)).isTrue();
    assertThat(JobState.BLOCKED.canMoveTo(JobState.RUNNING)).isFalse();
    assertThat(JobState.RUNNING.canMoveTo(JobState.PENDING)).as("lease expired").isTrue();
    assertThat(JobState.DEAD.canMoveTo(JobState.PENDING)).as("replay").isTrue();
    assertThat(JobState.CANCELLED.canMoveTo(JobState.BLOCKED)).as("cause replayed").isTrue();
    for (JobState next : JobState.values()) {
      assertThat(JobState.COMPLETE.canMoveTo(next)).isFalse();
    }
  }

  @Test
  void labels_round_trip() {
    for (JobState state : JobState.values()) {
      assertThat(JobState.fromLabel(state.label())).isEqualTo(state);
    }
    assertThat(JobState.RETRYING.label()).isEqualTo("retrying");
  }
}
