package dev.flowc.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.AttemptLog;
import dev.flowc.runtime.LogLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AttemptOutputTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
  private final ByteArrayOutputStream elsewhere = new ByteArrayOutputStream();
  private final PrintStream fallback = new PrintStream(elsewhere, true, StandardCharsets.UTF_8);
  private final AttemptOutput output = new AttemptOutput(clock, StandardCharsets.UTF_8);

  private PrintStream out() {
    return output.stream(LogLine.Level.STDOUT, fallback);
  }

  private PrintStream err() {
    return output.stream(LogLine.Level.STDERR, fallback);
  }

  @Test
  void an_attempt_that_wrote_nothing_has_no_log() {
    out();
    assertThat(output.close(1)).isNull();
  }

  @Test
  void printed_text_becomes_lines_per_stream_with_empty_lines_kept() {
    out().print("hel");
    err().println("warning: slow");
    out().print("lo\r\n\nwor");
    out().write("ld\n".getBytes(StandardCharsets.UTF_8), 0, 3);
    out().print("no line break at the end");
    output.add(LogLine.Level.WARN, "logged");

    AttemptLog log = output.close(3);

    assertThat(log.attempt()).isEqualTo(3);
    assertThat(log.isCut()).isFalse();
    assertThat(log.lines())
        .extracting(LogLine::level, LogLine::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(LogLine.Level.STDERR, "warning: slow"),
            org.assertj.core.groups.Tuple.tuple(LogLine.Level.STDOUT, "hello"),
            org.assertj.core.groups.Tuple.tuple(LogLine.Level.STDOUT, ""),
            org.assertj.core.groups.Tuple.tuple(LogLine.Level.STDOUT, "world"),
            org.assertj.core.groups.Tuple.tuple(LogLine.Level.WARN, "logged"),
            org.assertj.core.groups.Tuple.tuple(LogLine.Level.STDOUT, "no line break at the end"));
    assertThat(log.lines()).allSatisfy(line -> assertThat(line.time()).isEqualTo(clock.instant()));
  }

  @Test
  void characters_outside_ascii_survive_the_round_trip() {
    out().println("caf\u00e9 \u2603 \uD83D\uDE00");
    assertThat(output.close(1).lines().get(0).text()).isEqualTo("caf\u00e9 \u2603 \uD83D\uDE00");
  }

  @Test
  void a_chatty_attempt_keeps_its_first_and_last_lines_and_counts_the_ones_between() {
    IntStream.range(0, 10_000).forEach(i -> out().println("line " + i));

    AttemptLog log = output.close(1);

    assertThat(log.lines()).hasSize(AttemptOutput.MAX_LINES);
    assertThat(log.omittedLines()).isEqualTo(10_000 - AttemptOutput.MAX_LINES);
    assertThat(log.omittedAt()).isEqualTo(AttemptOutput.MAX_LINES / 2);
    assertThat(log.lines().get(0).text()).isEqualTo("line 0");
    assertThat(log.lines().get(log.omittedAt() - 1).text()).isEqualTo("line 499");
    assertThat(log.lines().get(log.omittedAt()).text()).isEqualTo("line 9500");
    assertThat(log.lines().get(log.lines().size() - 1).text()).isEqualTo("line 9999");
  }

  @Test
  void the_kept_text_is_bounded_in_characters_too() {
    String wide = "x".repeat(4_000);
    IntStream.range(0, 100).forEach(i -> out().println(i + wide));

    AttemptLog log = output.close(1);

    int chars = log.lines().stream().mapToInt(line -> line.text().length()).sum();
    assertThat(chars).isLessThanOrEqualTo(AttemptOutput.MAX_CHARS);
    assertThat(log.lines().get(0).text()).startsWith("0x");
    assertThat(log.lines().get(log.lines().size() - 1).text()).startsWith("99x");
    assertThat(log.omittedLines() + log.lines().size()).isEqualTo(100);
  }

  @Test
  void a_huge_line_is_cut_and_the_next_line_is_whole() {
    out().print("y".repeat(100_000));
    out().print("y".repeat(100_000));
    out().println();
    out().println("next");

    AttemptLog log = output.close(1);

    assertThat(log.lines()).hasSize(2);
    assertThat(log.lines().get(0).text())
        .hasSize(AttemptOutput.MAX_LINE_CHARS + " [line cut]".length())
        .endsWith(" [line cut]");
    assertThat(log.lines().get(1).text()).isEqualTo("next");
  }

  @Test
  void writes_after_the_attempt_ended_go_to_the_stream_they_would_have_gone_to() {
    PrintStream out = out();
    out.println("during");
    assertThat(output.close(1).lines()).hasSize(1);

    out.println("after");
    assertThat(output.add(LogLine.Level.INFO, "logged after")).isFalse();
    assertThat(output.stream(LogLine.Level.STDOUT, fallback)).isSameAs(fallback);
    assertThat(elsewhere.toString(StandardCharsets.UTF_8)).isEqualTo("after\n");
    assertThat(output.close(1)).as("closed once").isNull();
  }
}
