package dev.flowc.cli.run;

import dev.flowc.cli.render.Durations;
import dev.flowc.cli.render.RunTables;
import dev.flowc.cli.render.Style;
import dev.flowc.runtime.JobState;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A table of the run's stages redrawn in place on a terminal: the cursor goes back up over the
 * lines drawn before (ANSI {@code ESC[nA}), and each line is cleared ({@code ESC[2K}) and written
 * again.
 */
final class LiveDisplay implements RunDisplay {
  /** More rows than this and the display shows the active jobs first, then a count of the rest. */
  static final int MAX_ROWS = 30;

  private static final int BAR = 20;

  private final PrintWriter out;
  private final Style style;
  private final String title;
  private final Clock clock;
  private int drawn;
  private String stopping = "";

  LiveDisplay(PrintWriter out, Style style, String title, Clock clock) {
    this.out = out;
    this.style = style;
    this.title = title;
    this.clock = clock;
  }

  @Override
  public void changed(JobBoard.Change change, JobBoard board, Supplier<String> detail) {}

  @Override
  public void refresh(JobBoard board) {
    draw(lines(board, clock.instant()));
  }

  @Override
  public void stopping(String message) {
    stopping = "  (" + message + ")";
  }

  @Override
  public void finish(JobBoard board) {
    refresh(board);
  }

  private void draw(List<String> lines) {
    StringBuilder text = new StringBuilder();
    if (drawn > 0) {
      text.append("\u001b[").append(drawn).append('A');
    }
    for (String line : lines) {
      text.append("\r\u001b[2K").append(line).append('\n');
    }
    // Fewer lines than last time: clear the ones left below.
    for (int i = lines.size(); i < drawn; i++) {
      text.append("\r\u001b[2K\n");
    }
    int extra = Math.max(0, drawn - lines.size());
    if (extra > 0) {
      text.append("\u001b[").append(extra).append('A');
    }
    drawn = lines.size();
    out.print(text);
    out.flush();
  }

  List<String> lines(JobBoard board, Instant now) {
    List<JobBoard.Row> rows = board.rows();
    Map<JobState, Integer> counts = board.counts();
    List<String> lines = new ArrayList<>();
    lines.add(
        style.paint("1", title)
            + "  "
            + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().label())
                .collect(Collectors.joining(", "))
            + stopping);
    List<JobBoard.Row> shown = rows;
    if (rows.size() > MAX_ROWS) {
      shown =
          rows.stream()
              .sorted(Comparator.comparingInt(LiveDisplay::urgency))
              .limit(MAX_ROWS - 1)
              .sorted(Comparator.comparingLong(r -> r.id))
              .toList();
    }
    int width = board.stageWidth();
    for (JobBoard.Row row : shown) {
      String state = row.state == null ? "" : row.state.label();
      String paintedState = row.state == null ? "" : style.paint(RunTables.color(row.state), state);
      String duration =
          row.startedAt == null || (row.state != JobState.RUNNING && row.finishedAt == null)
              ? ""
              : Durations.format(
                  Durations.between(
                      row.startedAt, row.state == JobState.RUNNING ? null : row.finishedAt, now));
      lines.add(
          "  %s%s  %s%s  %-10s  %s %3d%%  %s"
              .formatted(
                  row.stage,
                  " ".repeat(width - row.stage.length()),
                  paintedState,
                  " ".repeat(Math.max(0, 9 - state.length())),
                  row.attempts > 0 ? "attempt " + row.attempts : "",
                  bar(row.progress),
                  row.progress,
                  duration + itemsText(row))
              .stripTrailing());
    }
    if (shown.size() < rows.size()) {
      lines.add("  ... and %d more jobs".formatted(rows.size() - shown.size()));
    }
    return lines;
  }

  /** A fanned-out stage's items: {@code 7/20 complete, 3 running}; empty for other rows. */
  private static String itemsText(JobBoard.Row row) {
    if (row.itemCount == null) {
      return "";
    }
    long complete = row.items.getOrDefault(JobState.COMPLETE, 0L);
    String others =
        row.items.entrySet().stream()
            .filter(e -> e.getKey() != JobState.COMPLETE && e.getValue() > 0)
            .map(e -> e.getValue() + " " + e.getKey().label())
            .collect(Collectors.joining(", "));
    return "  %d/%d complete%s"
        .formatted(complete, row.itemCount, others.isEmpty() ? "" : ", " + others);
  }

  private static int urgency(JobBoard.Row row) {
    if (row.state == null) {
      return 9;
    }
    return switch (row.state) {
      case RUNNING -> 0;
      case RETRYING -> 1;
      case DEAD -> 2;
      case PENDING -> 3;
      case CANCELLED -> 4;
      case BLOCKED -> 5;
      case COMPLETE, SKIPPED -> 6;
    };
  }

  private String bar(int progress) {
    int filled = Math.max(0, Math.min(BAR, progress * BAR / 100));
    return "[" + style.paint("36", "#".repeat(filled)) + "-".repeat(BAR - filled) + "]";
  }
}
