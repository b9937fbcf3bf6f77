package dev.flowc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobStateTest {

  @Test
  void final_states_are_complete_dead_cancelled_and_skipped() {
    assertThat(JobState.values())
        .filteredOn(JobState::isFinal)
        .containsExactly(JobState.COMPLETE, JobState.DEAD, JobState.CANCELLED, JobState.SKIPPED);
  }

  @Test
  void a_skipped_job_never_changes_again_and_only_a_blocked_one_is_skipped() {
    for (JobState next : JobState.values()) {
      assertThat(JobState.SKIPPED.canMoveTo(next)).as("skipped -> " + next).isFalse();
    }
    for (JobState state : JobState.values()) {
      assertThat(state.canMoveTo(JobState.SKIPPED)).isEqualTo(state == JobState.BLOCKED);
    }
  }

  @Test
  void the_transition_table_matches_the_runtime_contract() {
    assertThat(JobState.BLOCKED.canMoveTo(JobState.PENDING)).isTrue();
    assertThat(JobState.BLOCKED.canMoveTo(JobState.RUNNING))
        .as("only a fanned-out stage, whose items then run")
        .isTrue();
    assertThat(JobState.PENDING.canMoveTo(JobState.COMPLETE)).isFalse();
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
