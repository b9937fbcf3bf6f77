package dev.flowc.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.compiler.source.Span;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportTest {
  private static final TextReport PLAIN = new TextReport(Style.plain());

  @Test
  void shows_position_code_message_source_line_marker_notes_and_summary() {
    String text = Reports.render(PLAIN, Reports.checked("etl/broken.flow", Reports.BROKEN));

    assertThat(text)
        .isEqualTo(
            """
            etl/broken.flow:2:9: warning[FLOW402]: queue 'spare' is declared but no stage uses it
            2 |   queue spare {}
              |         ^~~~~
              = help: set 'queue spare' in a stage or in 'defaults', or remove it

            etl/broken.flow:4:20: error[FLOW201]: unknown stage 'normalise_a'
            4 |   stage load after normalise_a { handler "etl.load" }
              |                    ^~~~~~~~~~~
              = help: did you mean 'normalize_a'?

            etl/broken.flow:5:9: error[FLOW101]: duplicate stage 'load'
            5 |   stage load { handler "etl.load" }
              |         ^~~~
              = note: first declared here (etl/broken.flow:4:9)

            2 errors, 1 warning in 1 file
            """);
  }

  @Test
  void the_summary_uses_singular_and_plural_forms() {
    FileReport clean = Reports.checked("a.flow", "pipeline p { stage a { handler \"x\" } }");
    FileReport oneError = Reports.checked("b.flow", "pipeline p { stage a { queue q } }");

    assertThat(TextReport.summary(List.of())).isEqualTo("0 errors, 0 warnings in 0 files");
    assertThat(TextReport.summary(List.of(clean))).isEqualTo("0 errors, 0 warnings in 1 file");
    assertThat(TextReport.summary(List.of(oneError, clean)))
        .isEqualTo("2 errors, 0 warnings in 2 files");
    assertThat(TextReport.summary(List.of(Reports.checked("c.flow", Reports.BROKEN), clean, clean)))
        .isEqualTo("2 errors, 1 warning in 3 files");
  }

  @Test
  void the_marker_is_aligned_under_tabs() {
    SourceFile source = SourceFile.of("t.flow", "pipeline t {\n\tstage a {\n\t\tqueue\tnope\n");
    Diagnostic unknown =
        Diagnostic.of(DiagnosticCode.FLOW202, Span.of(3, 9, 4), "unknown queue 'nope'");

    String text = Reports.render(PLAIN, new FileReport(source, List.of(unknown)));

    assertThat(text)
        .startsWith(
            "t.flow:3:9: error[FLOW202]: unknown queue 'nope'\n"
                + "3 | \t\tqueue\tnope\n"
                + "  | \t\t     \t^~~~\n");
  }

  @Test
  void columns_count_code_points_so_the_marker_sits_after_non_ascii_text() {
    SourceFile source =
        SourceFile.of(
            "u.flow", "pipeline p { stage a { handler \"\uD83D\uDE80\u00e9\" queue q } }");
    Diagnostic unknown =
        Diagnostic.of(DiagnosticCode.FLOW202, Span.of(1, 43, 1), "unknown queue 'q'");

    String text = Reports.render(PLAIN, new FileReport(source, List.of(unknown)));

    assertThat(text.lines().skip(2).findFirst().orElseThrow())
        .isEqualTo("  | " + " ".repeat(42) + "^");
  }

  @Test
  void a_span_over_several_lines_is_marked_to_the_end_of_its_first_line() {
    SourceFile source = SourceFile.of("m.flow", "pipeline p {\n  stage a { input [\n 1 ] }\n}\n");
    Diagnostic wrong =
        Diagnostic.of(
            DiagnosticCode.FLOW301, new Span(2, 19, 3, 5), "'input' cannot be a list here");

    String text = Reports.render(PLAIN, new FileReport(source, List.of(wrong)));

    assertThat(text).contains("2 |   stage a { input [\n  |                   ^\n");
  }

  @Test
  void an_empty_span_is_marked_with_one_caret() {
    SourceFile source = SourceFile.of("e.flow", "pipeline p {");
    Diagnostic eof =
        Diagnostic.of(DiagnosticCode.FLOW001, Span.of(1, 13, 0), "expected '}', found end of file");

    String text = Reports.render(PLAIN, new FileReport(source, List.of(eof)));

    assertThat(text).contains("1 | pipeline p {\n  |             ^\n");
  }

  @Test
  void the_gutter_is_as_wide_as_the_line_number() {
    String text =
        "pipeline p {\n" + "\n".repeat(98) + "  stage a { queue nope handler \"x\" }\n}\n";
    String rendered = Reports.render(PLAIN, Reports.checked("w.flow", text));

    assertThat(rendered)
        .contains("100 |   stage a { queue nope handler \"x\" }\n    |                   ^~~~\n");
  }

  @Test
  void a_very_long_line_is_shown_as_a_window_around_the_span() {
    String padding = "x".repeat(300);
    SourceFile source =
        SourceFile.of("l.flow", "pipeline p { description \"" + padding + "\" oops }");
    Diagnostic syntax =
        Diagnostic.of(DiagnosticCode.FLOW001, Span.of(1, 329, 4), "expected '}', found 'oops'");

    String[] lines = Reports.render(PLAIN, new FileReport(source, List.of(syntax))).split("\n");

    assertThat(lines[1]).startsWith("1 | ...x").hasSizeLessThan(180);
    int caret = lines[2].indexOf('^');
    assertThat(lines[1].substring(caret, caret + 4)).isEqualTo("oops");
    assertThat(lines[2]).endsWith("^~~~");
  }

  @Test
  void thousands_of_diagnostics_on_one_long_line_render_in_well_under_a_second() {
    // Each diagnostic used to convert the whole line to code points: a 360 KB line took a minute
    // in `flowc check`; twice that here, so that the quadratic time stands out from a loaded
    // machine's noise (about 20 seconds before, a tenth of a second now).
    StringBuilder line = new StringBuilder("pipeline p { stage a { handler \"h\" } ");
    for (int i = 0; line.length() < 720_000; i++) {
      line.append("stage b%d after nope%d { handler \"h\" queue nq%d } ".formatted(i, i, i));
    }
    FileReport report = Reports.checked("long.flow", line.append("}\n").toString());
    assertThat(report.diagnostics()).hasSizeGreaterThan(20_000);

    long start = System.nanoTime();
    String text = Reports.render(PLAIN, report);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).as("rendering took %d ms", took.toMillis()).isLessThan(Duration.ofSeconds(5));
    String last = "stage b" + (report.diagnostics().size() / 2 - 1) + " after nope";
    assertThat(text).contains("1 | ...").contains(last);
  }

  @Test
  void notes_without_and_with_a_location() {
    SourceFile source = SourceFile.of("n.flow", "pipeline p {\n  stage a {}\n  stage a {}\n}\n");
    Diagnostic duplicate =
        Diagnostic.of(
            DiagnosticCode.FLOW101,
            Span.of(3, 9, 1),
            "duplicate stage 'a'",
            Note.note("first declared here", Span.of(2, 9, 1)),
            Note.help("rename one of them"));

    String text = Reports.render(PLAIN, new FileReport(source, List.of(duplicate)));

    assertThat(text)
        .contains("  = note: first declared here (n.flow:2:9)\n  = help: rename one of them\n\n");
  }

  @Test
  void colored_output_paints_severity_marker_and_gutter_and_resets_each() {
    TextReport colored = new TextReport(Style.colored());

    String text = Reports.render(colored, Reports.checked("c.flow", Reports.BROKEN));

    assertThat(text)
        .contains("\u001b[1mc.flow:4:20:\u001b[0m \u001b[1;31merror[FLOW201]\u001b[0m: ")
        .contains("\u001b[1;34m4 |\u001b[0m   stage load after normalise_a")
        .contains("\u001b[1;31m                   ^~~~~~~~~~~\u001b[0m")
        .contains("\u001b[1;33mwarning[FLOW402]\u001b[0m")
        .contains("\u001b[1;36mhelp:\u001b[0m did you mean 'normalize_a'?");
    assertThat(text.replaceAll("\u001b\\[[0-9;]*m", ""))
        .isEqualTo(Reports.render(PLAIN, Reports.checked("c.flow", Reports.BROKEN)));
  }

  @Test
  void write_diagnostics_leaves_out_the_summary() {
    StringWriter out = new StringWriter();
    PLAIN.writeDiagnostics(
        List.of(Reports.checked("b.flow", Reports.BROKEN)), new PrintWriter(out));

    assertThat(out.toString()).contains("error[FLOW101]").doesNotContain("errors,");
  }

  @Test
  void control_characters_are_shown_as_replacement_characters_and_the_marker_stays_aligned() {
    SourceFile source =
        SourceFile.of("c\u001b.flow", "pipeline p {\u0007 stage a { \u001b[2J\u202e oops } }");
    Diagnostic syntax =
        Diagnostic.of(
            DiagnosticCode.FLOW002,
            Span.of(1, 26, 1),
            "unexpected character '\u001b'",
            Note.help("remove '\u0007'"));

    String text = Reports.render(PLAIN, new FileReport(source, List.of(syntax)));

    assertThat(text)
        .startsWith(
            "c\uFFFD.flow:1:26: error[FLOW002]: unexpected character '\uFFFD'\n"
                + "1 | pipeline p {\uFFFD stage a { \uFFFD[2J\uFFFD oops } }\n"
                + "  |                          ^\n"
                + "  = help: remove '\uFFFD'\n")
        .doesNotContain("\u001b")
        .doesNotContain("\u0007")
        .doesNotContain("\u202e");
  }

  @Test
  void an_empty_source_line_has_no_trailing_space() {
    String text = Reports.render(PLAIN, Reports.checked("empty.flow", ""));

    assertThat(text).contains("\n1 |\n  | ^\n");
  }
}
