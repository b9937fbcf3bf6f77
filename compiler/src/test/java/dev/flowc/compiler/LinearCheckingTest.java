package dev.flowc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.source.SourceFile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checking takes time in proportion to the input, whatever is wrong with it. Each input here took
 * from ten seconds to a minute when a step was quadratic, and takes well under a second now
 * (docs/performance.md, "Checking"); the bound only guards against that blow-up coming back.
 */
class LinearCheckingTest {
  /**
   * Generous: each input checks in about a second on an idle 2-core machine and in under 15 on one
   * running five builds at once.
   */
  static final Duration BOUND = Duration.ofSeconds(30);

  @Test
  void a_120_kb_list_of_names_without_after_or_brace_is_one_error_in_seconds() {
    // Recovery used to read the list again from each of its names, with LA(i) walking i tokens.
    String text = "pipeline p {\n  stage z " + names("a", 17_000) + "\n}\n";
    assertThat(text.length()).isGreaterThan(120_000);

    List<Diagnostic> diagnostics = checkedWithinBound(text);

    assertThat(diagnostics).hasSize(1);
    assertThat(DiagnosticText.line(diagnostics.get(0)))
        .isEqualTo("2:11-2:13 error FLOW001 expected 'after' or '{', found name 'a0'");
  }

  @Test
  void a_120_kb_after_list_without_its_brace_checks_in_seconds() {
    String text = "pipeline p {\n  stage z after " + names("a", 17_000) + "\n}\n";

    List<Diagnostic> diagnostics = checkedWithinBound(text);

    assertThat(diagnostics.stream().filter(d -> d.code() == DiagnosticCode.FLOW001))
        .map(DiagnosticText::line)
        .startsWith("3:1-3:2 error FLOW001 expected '{' or ',', found '}'");
    assertThat(diagnostics.stream().filter(d -> d.code() == DiagnosticCode.FLOW201))
        .hasSize(17_000);
  }

  @Test
  void a_20000_way_fan_in_with_an_unrelated_typo_checks_in_seconds() {
    // Recovery asked the fanned-in stage for its '{' at every name, scanning all its children.
    StringBuilder text = new StringBuilder("pipeline p {\n");
    for (int i = 0; i < 20_000; i++) {
      text.append("  stage a").append(i).append(" { handler \"h\" }\n");
    }
    text.append("  stage z after ").append(names("a", 20_000)).append(" { handler \"h\" }\n");
    text.append("  stage t { handler \"h\" retries = 3 }\n}\n");

    List<Diagnostic> diagnostics = checkedWithinBound(text.toString());

    assertThat(diagnostics).hasSize(1);
    assertThat(DiagnosticText.line(diagnostics.get(0)))
        .isEqualTo("20003:33-20003:34 error FLOW001 expected a value for 'retries', found '='");
  }

  @Test
  void a_one_megabyte_valid_file_checks_and_compiles_in_seconds() {
    StringBuilder text = new StringBuilder("pipeline big {\n  queue q { concurrency 8 }\n");
    int stages = 0;
    while (text.length() < 1_000_000) {
      text.append("  stage s").append(stages);
      if (stages > 0) {
        text.append(" after s").append(stages / 2).append(", s").append(stages - 1);
      }
      text.append(" { handler \"h\" queue q retries 2 timeout 30s input { n: ")
          .append(stages)
          .append(", tags: [\"a\", \"b\", { deep: [1, 2.5, true, null] }] } }\n");
      stages++;
    }
    text.append("}\n");

    assertThat(checkedWithinBound(text.toString())).isEmpty();
    long start = System.nanoTime();
    CompileResult compiled =
        FlowCompiler.compile(SourceFile.of("big.flow", text.toString()), Map.of());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    assertThat(compiled.plan().orElseThrow().jobs()).hasSize(stages);
  }

  @Test
  void a_one_megabyte_file_full_of_errors_checks_in_seconds() {
    String text = fullOfErrors(1_000_000);

    List<Diagnostic> diagnostics = checkedWithinBound(text);

    assertThat(diagnostics.size()).isGreaterThan(10_000);
    assertThat(diagnostics.stream().map(Diagnostic::code).distinct())
        .contains(
            DiagnosticCode.FLOW001,
            DiagnosticCode.FLOW002,
            DiagnosticCode.FLOW101,
            DiagnosticCode.FLOW201,
            DiagnosticCode.FLOW202,
            DiagnosticCode.FLOW203,
            DiagnosticCode.FLOW301);
  }

  @Test
  void a_360_kb_line_with_thousands_of_errors_checks_in_seconds() {
    List<Diagnostic> diagnostics = checkedWithinBound(oneLongLine(360_000));

    assertThat(diagnostics.size()).isGreaterThan(10_000);
    assertThat(diagnostics).allMatch(d -> d.span().line() == 1);
  }

  /**
   * One line of {@code length} characters or more holding a pipeline whose every stage names an
   * unknown stage and an unknown queue.
   */
  public static String oneLongLine(int length) {
    StringBuilder line = new StringBuilder("pipeline p { stage a { handler \"h\" } ");
    for (int i = 0; line.length() < length; i++) {
      line.append("stage b")
          .append(i)
          .append(" after nope")
          .append(i)
          .append(" { handler \"h\" queue nq")
          .append(i)
          .append(" } ");
    }
    return line.append("}\n").toString();
  }

  /**
   * A file of {@code length} characters or more with mistakes of every kind throughout: each stage
   * depends on an unknown stage, uses an unknown queue and param, has values of the wrong type and
   * a duplicate; the last lines hold invalid tokens, an unterminated string and a syntax error.
   */
  static String fullOfErrors(int length) {
    StringBuilder text = new StringBuilder("pipeline broken {\n  params { p: int }\n");
    for (int i = 0; text.length() < length; i++) {
      text.append("  stage s")
          .append(i)
          .append(" after s")
          .append(i + 1)
          .append(", nope")
          .append(i)
          .append(" { handler \"h\" queue q")
          .append(i)
          .append(" retries \"x\" timeout 5 input { a: s")
          .append(i)
          .append(".result, b: params.p")
          .append(i)
          .append(" } }\n  stage s")
          .append(i)
          .append(" { handler 1 }\n");
    }
    text.append("  stage bad { handler \"\uD83D\uDE00 priority 5 }\n");
    text.append("  stage odd { handler \u201Ch\u201D retries 1.5s timeout 30sec }\n");
    text.append("  stage gap { handler \"h\" retries }\n}\n");
    return text.toString();
  }

  /** {@code prefix0, prefix1, ...}: {@code count} names. */
  static String names(String prefix, int count) {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < count; i++) {
      names.append(i == 0 ? "" : ", ").append(prefix).append(i);
    }
    return names.toString();
  }

  private static List<Diagnostic> checkedWithinBound(String text) {
    long start = System.nanoTime();
    CheckResult result = FlowCompiler.check(SourceFile.of("big.flow", text));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took)
        .as("checking %d characters took %d ms", text.length(), took.toMillis())
        .isLessThan(BOUND);
    return result.diagnostics();
  }
}
