package dev.flowc.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.JobEvent;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobBoardTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private static JobSummary summary(long id, String stage, JobState state, int attempts) {
    return new JobSummary(
        id,
        1L,
        stage,
        "builtin.noop",
        "default",
        0,
        state,
        attempts,
        3,
        0,
        0,
        T0,
        null,
        null,
        T0,
        null,
        null);
  }

  private static JobEvent event(long id, String stage, JobState state, int attempt) {
    return new JobEvent(id, 1L, stage, state, attempt, -1, T0.plusSeconds(1));
  }

  @Test
  void the_first_read_sets_the_rows_without_reporting_changes() {
    JobBoard board = new JobBoard();

    List<JobBoard.Change> changes =
        board.apply(
            List.of(
                summary(1, "extract", JobState.PENDING, 0),
                summary(2, "load", JobState.BLOCKED, 0)),
            0,
            T0);

    assertThat(changes).isEmpty();
    assertThat(board.rows()).extracting(r -> r.stage).containsExactly("extract", "load");
    assertThat(board.stageWidth()).isEqualTo(7);
  }

  @Test
  void a_completion_s_start_replaces_the_claim_s_so_time_waiting_in_a_worker_is_not_counted() {
    JobBoard board = new JobBoard();
    board.apply(new JobEvent(1, 1L, "load", JobState.RUNNING, 1, -1, T0), 1);
    Instant handlerStart = T0.plusMillis(600);
    Instant end = T0.plusMillis(610);

    board.apply(new JobEvent(1, 1L, "load", JobState.COMPLETE, 1, -1, end, handlerStart), 2);

    JobBoard.Row row = board.row(1).orElseThrow();
    assertThat(row.startedAt).isEqualTo(handlerStart);
    assertThat(row.finishedAt).isEqualTo(end);
  }

  @Test
  void an_event_that_changes_state_or_attempt_is_a_change_and_progress_is_not() {
    JobBoard board = new JobBoard();
    board.apply(List.of(summary(1, "extract", JobState.PENDING, 0)), 0, T0);

    var running = board.apply(event(1, "extract", JobState.RUNNING, 1), 10);
    var progress = board.apply(new JobEvent(1, 1L, "extract", JobState.RUNNING, 1, 40, T0), 11);
    var again = board.apply(event(1, "extract", JobState.RUNNING, 1), 12);

    assertThat(running).hasValueSatisfying(c -> assertThat(c.state()).isEqualTo(JobState.RUNNING));
    assertThat(progress).isEmpty();
    assertThat(again).isEmpty();
    assertThat(board.row(1).orElseThrow().progress).isEqualTo(40);
    assertThat(board.row(1).orElseThrow().startedAt).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void a_read_older_than_the_last_event_of_a_job_does_not_move_it_back() {
    JobBoard board = new JobBoard();
    board.apply(List.of(summary(1, "extract", JobState.PENDING, 0)), 0, T0);
    board.apply(event(1, "extract", JobState.COMPLETE, 1), 100);

    List<JobBoard.Change> changes =
        board.apply(List.of(summary(1, "extract", JobState.RUNNING, 1)), 50, T0);

    assertThat(changes).isEmpty();
    assertThat(board.row(1).orElseThrow().state).isEqualTo(JobState.COMPLETE);
  }

  @Test
  void a_read_newer_than_the_events_shows_what_other_processes_did() {
    JobBoard board = new JobBoard();
    board.apply(List.of(summary(1, "extract", JobState.PENDING, 0)), 0, T0);
    board.apply(event(1, "extract", JobState.RUNNING, 1), 10);

    List<JobBoard.Change> changes =
        board.apply(List.of(summary(1, "extract", JobState.DEAD, 1)), 20, T0.plusSeconds(5));

    assertThat(changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.state()).isEqualTo(JobState.DEAD);
              assertThat(c.at()).isEqualTo(T0.plusSeconds(5));
            });
    assertThat(board.counts()).containsEntry(JobState.DEAD, 1);
  }

  @Test
  void an_item_of_a_fanned_out_stage_has_no_row_and_only_its_failures_are_changes() {
    JobBoard board = new JobBoard();
    JobSummary stage =
        new JobSummary(
            2,
            1L,
            "normalize",
            "builtin.noop",
            "default",
            0,
            JobState.RUNNING,
            0,
            3,
            0,
            0,
            T0,
            null,
            null,
            T0,
            null,
            null,
            null,
            null,
            3,
            null);
    board.apply(
        List.of(summary(1, "list", JobState.COMPLETE, 1), stage),
        java.util.Map.of(2L, java.util.Map.of(JobState.COMPLETE, 1L, JobState.RUNNING, 2L)),
        0,
        T0);

    assertThat(board.apply(event(7, "normalize", JobState.COMPLETE, 1), 1)).isEmpty();
    assertThat(board.apply(event(8, "normalize", JobState.DEAD, 1), 1))
        .hasValueSatisfying(
            change -> {
              assertThat(change.stage()).isEqualTo("normalize item");
              assertThat(change.state()).isEqualTo(JobState.DEAD);
            });
    assertThat(board.rows()).extracting(row -> row.id).containsExactly(1L, 2L);
    JobBoard.Row row = board.row(2).orElseThrow();
    assertThat(row.itemCount).isEqualTo(3);
    assertThat(row.items).containsEntry(JobState.RUNNING, 2L);
  }
}
