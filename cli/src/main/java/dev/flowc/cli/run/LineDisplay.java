package dev.flowc.cli.run;

import dev.flowc.cli.render.RunTables;
import dev.flowc.cli.render.Style;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * One plain line per state change, for pipes, CI logs and tests: {@code 12:03:04 extract_api
 * running attempt 1}.
 */
final class LineDisplay implements RunDisplay {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintWriter out;
  private final Style style;

  LineDisplay(PrintWriter out, Style style) {
    this.out = out;
    this.style = style;
  }

  @Override
  public void changed(JobBoard.Change change, JobBoard board, Supplier<String> detail) {
    int width = Math.max(board.stageWidth(), change.stage().length());
    String state = change.state().label();
    StringBuilder line = new StringBuilder();
    line.append(TIME.format(change.at().atZone(ZoneId.systemDefault())))
        .append(' ')
        .append(change.stage())
        .append(" ".repeat(width - change.stage().length() + 2))
        .append(style.paint(RunTables.color(change.state()), state))
        .append(" ".repeat(Math.max(1, 11 - state.length())));
    if (change.attempts() > 0) {
      line.append("attempt ").append(change.attempts());
    }
    String more = detail.get();
    if (!more.isEmpty()) {
      line.append("  ").append(more);
    }
    out.println(line.toString().stripTrailing());
    out.flush();
  }

  @Override
  public void refresh(JobBoard board) {}

  @Override
  public void stopping(String message) {
    out.println("flowc: " + message);
    out.flush();
  }

  @Override
  public void finish(JobBoard board) {
    out.flush();
  }
}
