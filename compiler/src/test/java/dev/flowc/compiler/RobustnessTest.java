package dev.flowc.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile input: the compiler reports problems as diagnostics and never throws. */
class RobustnessTest {
  private static final Path ETL =
      Path.of(System.getProperty("basedir", "."), "src/test/resources/golden/etl_example.flow");

  @Test
  void bytes_that_are_not_utf8_are_one_flow002_at_the_first_bad_byte() {
    byte[] bytes =
        "pipeline p {\n  stage a { handler \"x\u00FF\" }\n}\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    CheckResult result = FlowCompiler.check(SourceFile.of("bad.flow", bytes));
    assertThat(result.diagnostics()).hasSize(1);
    assertThat(DiagnosticText.line(result.diagnostics().get(0)))
        .startsWith("2:23-2:24 error FLOW002 file is not valid UTF-8: byte 0xFF at offset 35");
  }

  @Test
  void a_truncated_emoji_is_one_flow002_one_column_wide_inside_its_line() {
    // Three bytes of a four-byte character, then a byte that cannot continue it: the line shows
    // one U+FFFD for the three, so the span is one column, not three (found by MutationFuzzTest).
    byte[] bytes = {'a', ' ', (byte) 0xF0, (byte) 0x90, (byte) 0x8D, (byte) 0xF2, '\n'};
    SourceFile source = SourceFile.of("cut.flow", bytes);

    CheckResult result = FlowCompiler.check(source);

    assertThat(source.line(1)).isEqualTo("a \uFFFD\uFFFD");
    assertThat(result.diagnostics()).hasSize(1);
    assertThat(DiagnosticText.line(result.diagnostics().get(0)))
        .startsWith("1:3-1:4 error FLOW002 file is not valid UTF-8: byte 0xF0 at offset 2");
  }

  @Test
  void a_bare_name_in_a_param_default_is_an_error_and_compiling_does_not_throw() {
    String text =
        "pipeline p {\n  params { flags: list = [true, nope] }\n"
            + "  stage a { handler \"h\" input { f: params.flags } }\n}\n";

    CompileResult compiled = Flow.compile(text, Map.of());

    assertThat(compiled.diagnostics().stream().map(DiagnosticText::line))
        .containsExactly("2:33-2:37 error FLOW301 'nope' is not a value");
    assertThat(compiled.plan()).isEmpty();
  }

  @Test
  void a_nul_byte_is_one_flow002_at_its_position() {
    assertThat(Flow.lines("pipeline p {\n  stage a\0 { handler \"x\" }\n}\n"))
        .containsExactly(
            "2:10-2:11 error FLOW002 the file contains a NUL byte; it does not look like a .flow"
                + " text file");
  }

  @Test
  void an_empty_file_asks_for_a_pipeline() {
    assertThat(Flow.lines(""))
        .containsExactly(
            "1:1-1:1 error FLOW001 expected 'pipeline NAME {' to start the file, found end of"
                + " file");
  }

  @Test
  void random_binary_junk_never_throws_and_stops_early() {
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      byte[] junk = new byte[random.nextInt(4096)];
      random.nextBytes(junk);
      CheckResult result = check(SourceFile.of("junk.flow", junk));
      assertThat(result.hasErrors()).isTrue();
      assertThat(result.diagnostics()).hasSizeLessThanOrEqualTo(60);
    }
  }

  @Test
  void random_ascii_junk_never_throws() {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      StringBuilder text = new StringBuilder("pipeline p {");
      for (int j = random.nextInt(2000); j > 0; j--) {
        text.append((char) (9 + random.nextInt(118)));
      }
      assertWellFormed(text.toString());
    }
  }

  @Test
  void nesting_10000_deep_and_unclosed_is_reported_without_overflowing_the_stack() {
    String text =
        "pipeline p {\n  stage a { handler \"x\" input "
            + "[".repeat(5_000)
            + "{ a: ".repeat(5_000)
            + " } }\n}\n";
    assertThat(Flow.lines(text))
        .containsExactly(
            "2:1031-2:1032 error FLOW001 nesting is too deep: lists and maps nest at most 1000"
                + " levels",
            "4:1-4:1 error FLOW001 expected ',' or ']', found end of file");
  }

  @Test
  void a_file_of_5000_stages_checks_and_compiles() {
    StringBuilder text = new StringBuilder("pipeline big {\n  queue q { concurrency 8 }\n");
    for (int i = 0; i < 5_000; i++) {
      text.append("  stage s").append(i);
      if (i > 0) {
        text.append(" after s").append(i / 2);
      }
      text.append(" { handler \"h\" queue q retries 2 input { n: ").append(i);
      if (i > 0) {
        text.append(", prev: s").append(i - 1).append(".result.rows[0]");
      }
      text.append(" } }\n");
    }
    text.append("}\n");
    CheckResult checked = Flow.check(text.toString());
    assertThat(checked.diagnostics()).isEmpty();
    assertThat(Flow.plan(text.toString()).jobs()).hasSize(5_000);
  }

  @Test
  void thousands_of_random_edits_of_the_etl_example_never_throw() throws IOException {
    String etl = Files.readString(ETL);
    String[] tokens = {
      "{",
      "}",
      "[",
      "]",
      ",",
      ":",
      ".",
      "=",
      ";",
      "\"",
      "'",
      "$",
      "${",
      "\\",
      "#",
      "\n",
      "-",
      "stage",
      "after",
      "params",
      "result",
      "backoff",
      "max",
      "fixed",
      "queue",
      "null",
      "pipeline",
      "defaults",
      "x",
      "10",
      "1.5",
      "30s",
      "1.",
      "10_",
      "\u00e9",
      "\t"
    };
    Random random = new Random(2024);
    for (int i = 0; i < 3_000; i++) {
      StringBuilder text = new StringBuilder(etl);
      for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
        int at = random.nextInt(text.length());
        switch (random.nextInt(6)) {
          case 0 -> text.deleteCharAt(at);
          case 1 -> text.insert(at, text.charAt(at));
          case 2 -> text.setCharAt(at, (char) (32 + random.nextInt(95)));
          case 3 -> text.insert(at, tokens[random.nextInt(tokens.length)]);
          case 4 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(30)));
          default -> {
            int from = random.nextInt(text.length());
            int to = Math.min(text.length(), from + random.nextInt(40));
            text.insert(at, text.substring(from, to));
          }
        }
      }
      assertWellFormed(text.toString());
    }
  }

  /** Checks and compiles {@code text}, and asserts what every diagnostic must be. */
  private static void assertWellFormed(String text) {
    SourceFile source = SourceFile.of("fuzz.flow", text);
    CheckResult checked = check(source);
    CompileResult[] compiled = new CompileResult[1];
    assertThatCode(() -> compiled[0] = FlowCompiler.compile(source, Map.of()))
        .as("compile threw on:\n%s", text)
        .doesNotThrowAnyException();
    // A lone carriage return breaks a line too, as in editors.
    int lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1).length;
    for (List<Diagnostic> diagnostics : List.of(checked.diagnostics(), compiled[0].diagnostics())) {
      for (Diagnostic d : diagnostics) {
        String what = DiagnosticText.render(d) + "\nin:\n" + text;
        assertThat(d.span().endLine()).as(what).isLessThanOrEqualTo(lines + 1);
        assertThat(d.message()).as(what).isNotEmpty();
        assertThat(Character.isUpperCase(d.message().charAt(0))).as(what).isFalse();
        if (d.code() == DiagnosticCode.FLOW001) {
          assertThat(d.message())
              .as(what)
              .doesNotContainPattern(
                  "\\{('[^']*'|[A-Z_]+), |<EOF>|mismatched input|extraneous input|no viable alternative|\\bIDENT\\b");
        }
      }
    }
    assertThat(compiled[0].plan().isPresent()).as(text).isEqualTo(!compiled[0].hasErrors());
  }

  private static CheckResult check(SourceFile source) {
    CheckResult[] result = new CheckResult[1];
    assertThatCode(() -> result[0] = FlowCompiler.check(source))
        .as("check threw on:\n%s", source.text().orElse("(binary)"))
        .doesNotThrowAnyException();
    return result[0];
  }
}
