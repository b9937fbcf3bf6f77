package dev.flowc.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.cli.render.Style;
import dev.flowc.runtime.JobEvent;
import dev.flowc.runtime.JobState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LineDisplayTest {
  private static final Instant AT =
      LocalDateTime.of(2026, 1, 1, 12, 3, 4).atZone(ZoneId.systemDefault()).toInstant();

  @Test
  void prints_one_aligned_line_per_change_without_colour() {
    StringWriter text = new StringWriter();
    LineDisplay display = new LineDisplay(new PrintWriter(text), Style.plain());
    JobBoard board = new JobBoard();
    board.apply(new JobEvent(1, 1L, "extract_api", JobState.RUNNING, 1, -1, AT), 0);
    board.apply(new JobEvent(2, 1L, "load", JobState.PENDING, 0, -1, AT), 0);

    display.changed(
        new JobBoard.Change(1, "extract_api", JobState.RUNNING, 1, AT), board, () -> "");
    display.changed(
        new JobBoard.Change(1, "extract_api", JobState.DEAD, 1, AT),
        board,
        () -> "IOException: gone");
    display.changed(new JobBoard.Change(2, "load", JobState.PENDING, 0, AT), board, () -> "");

    assertThat(text.toString())
        .isEqualTo(
            """
            12:03:04 extract_api  running    attempt 1
            12:03:04 extract_api  dead       attempt 1  IOException: gone
            12:03:04 load         pending
            """);
  }
}
