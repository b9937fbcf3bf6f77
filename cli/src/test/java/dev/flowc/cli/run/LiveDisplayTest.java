package dev.flowc.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.cli.render.Style;
import dev.flowc.runtime.JobEvent;
import dev.flowc.runtime.JobState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LiveDisplayTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private static JobBoard board() {
    JobBoard board = new JobBoard();
    board.apply(new JobEvent(1, 1L, "extract", JobState.RUNNING, 1, -1, T0), 0);
    board.apply(new JobEvent(1, 1L, "extract", JobState.RUNNING, 1, 50, T0), 1);
    board.apply(new JobEvent(2, 1L, "load", JobState.BLOCKED, 0, -1, T0), 0);
    return board;
  }

  @Test
  void draws_a_title_and_a_row_per_stage_with_a_progress_bar() {
    StringWriter text = new StringWriter();
    Clock clock = Clock.fixed(T0.plusMillis(1500), ZoneOffset.UTC);
    LiveDisplay display =
        new LiveDisplay(new PrintWriter(text), Style.plain(), "run 1 (etl)", clock);

    assertThat(display.lines(board(), clock.instant()))
        .containsExactly(
            "run 1 (etl)  1 blocked, 1 running",
            "  extract  running    attempt 1   [##########----------]  50%  1.5s",
            "  load     blocked                [--------------------]   0%");
  }

  @Test
  void redraws_in_place_by_moving_the_cursor_up_over_the_previous_lines() {
    StringWriter text = new StringWriter();
    LiveDisplay display =
        new LiveDisplay(
            new PrintWriter(text), Style.plain(), "run 1", Clock.fixed(T0, ZoneOffset.UTC));
    JobBoard board = board();

    display.refresh(board);
    int first = text.getBuffer().length();
    display.refresh(board);

    assertThat(text.toString().substring(0, first)).doesNotContain("\u001b[3A");
    assertThat(text.toString().substring(first)).startsWith("\u001b[3A\r\u001b[2K");
  }

  @Test
  void many_jobs_show_the_active_ones_first_and_count_the_rest() {
    JobBoard board = new JobBoard();
    for (int i = 1; i <= 40; i++) {
      board.apply(
          new JobEvent(i, 1L, "s" + i, i == 35 ? JobState.RUNNING : JobState.COMPLETE, 1, -1, T0),
          0);
    }
    LiveDisplay display =
        new LiveDisplay(
            new PrintWriter(new StringWriter()), Style.plain(), "run 1", Clock.systemUTC());

    var lines = display.lines(board, T0);

    assertThat(lines).hasSize(1 + LiveDisplay.MAX_ROWS - 1 + 1);
    assertThat(lines).anyMatch(line -> line.startsWith("  s35 ") && line.contains("running"));
    assertThat(lines.get(lines.size() - 1)).isEqualTo("  ... and 11 more jobs");
  }
}
