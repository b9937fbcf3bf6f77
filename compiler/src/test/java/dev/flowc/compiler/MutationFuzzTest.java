package dev.flowc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.compiler.source.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer over the golden, conformance and sample pipelines: thousands of broken
 * variants, each checked and compiled, must give no throwable, diagnostics only at positions inside
 * the file (lines and columns in code points), and take time in proportion to their size.
 *
 * <p>Every input is made from its own seed, {@code SEED + index}, which a failure prints; run one
 * again with {@code -Dflowc.fuzz.seed=N -Dflowc.fuzz.inputs=1}. The failing input is also written
 * to {@code target/fuzz-failures/}.
 */
class MutationFuzzTest {
  private static final long SEED = Long.getLong("flowc.fuzz.seed", 20261206L);
  private static final int INPUTS = Integer.getInteger("flowc.fuzz.inputs", 4_000);

  private static final Path BASE = Path.of(System.getProperty("basedir", "."));

  /** Fragments a mutation inserts: the language's punctuation and keywords, and slips. */
  private static final String[] TOKENS = {
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
    "}\"",
    "\\",
    "\\u{",
    "#",
    "//",
    "\n",
    "\r",
    "\r\n",
    "\t",
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
    "true",
    "pipeline",
    "defaults",
    "handler",
    "input",
    "x",
    "a.result",
    "params.x",
    "10",
    "1.5",
    "30s",
    "1.",
    "10_",
    "99999999999999999999",
    "\u00e9",
    "\u00A0",
    "\u200B",
    "\u201C",
    "\u202E",
    "# flowc:ignore FLOW401",
    "\0"
  };

  /** Characters outside the Basic Multilingual Plane: two UTF-16 chars, one code point each. */
  private static final String[] ASTRAL = {
    "\uD83D\uDE00", "\uD83D\uDC4D\uD83C\uDFFD", "\uD835\uDC00", "\uD800\uDF48", "\uDBFF\uDFFF"
  };

  private static List<String> seeds;

  @BeforeAll
  static void readSeeds() throws IOException {
    seeds = new ArrayList<>();
    for (String dir : List.of("golden", "fuzz")) {
      try (Stream<Path> files = Files.list(BASE.resolve("src/test/resources").resolve(dir))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".flow")).sorted().toList()) {
          seeds.add(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        }
      }
    }
    assertThat(seeds).hasSizeGreaterThan(50);
  }

  @Test
  void mutated_pipelines_never_throw_stay_inside_the_file_and_check_in_linear_time()
      throws IOException {
    for (int i = 0; i < INPUTS; i++) {
      long seed = SEED + i;
      SplittableRandom random = new SplittableRandom(seed);
      List<String> applied = new ArrayList<>();
      byte[] input = mutate(random, applied);
      String failure = failure(input);
      if (failure != null) {
        Path saved = BASE.resolve("target/fuzz-failures/seed-" + seed + ".flow");
        Files.createDirectories(saved.getParent());
        Files.write(saved, input);
        throw new AssertionError(
            "fuzz input %d (-Dflowc.fuzz.seed=%d -Dflowc.fuzz.inputs=1), mutations %s, saved as %s:\n%s"
                .formatted(i, seed, applied, saved, failure));
      }
    }
  }

  /** A seed pipeline with one to four mutations, as bytes (a few are not UTF-8). */
  private static byte[] mutate(SplittableRandom random, List<String> applied) {
    StringBuilder text = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
    for (int n = 1 + random.nextInt(4); n > 0; n--) {
      int at = random.nextInt(text.length() + 1);
      int kind = random.nextInt(100);
      if (kind < 12) {
        applied.add("insert char");
        text.insert(at, (char) random.nextInt(0x80));
      } else if (kind < 30) {
        applied.add("insert token");
        text.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
      } else if (kind < 40) {
        applied.add("delete span");
        text.delete(
            at, Math.min(text.length(), at + 1 + random.nextInt(random.nextBoolean() ? 3 : 60)));
      } else if (kind < 52) {
        applied.add("duplicate span");
        int from = random.nextInt(text.length() + 1);
        int to = Math.min(text.length(), from + random.nextInt(200));
        text.insert(at, text.substring(from, to));
      } else if (kind < 64) {
        applied.add("insert astral");
        text.insert(at, ASTRAL[random.nextInt(ASTRAL.length)].repeat(1 + random.nextInt(3)));
      } else if (kind < 76) {
        applied.add("unterminated string");
        StringBuilder string = new StringBuilder("\"");
        for (int k = random.nextInt(6); k > 0; k--) {
          string.append(random.nextBoolean() ? ASTRAL[random.nextInt(ASTRAL.length)] : "x");
          if (random.nextInt(4) == 0) {
            string.append(random.nextBoolean() ? "${" : "\\");
          }
        }
        text.insert(at, string.append(random.nextBoolean() ? " }" : ""));
      } else if (kind < 82) {
        int depth = random.nextInt(4) == 0 ? 990 + random.nextInt(30) : random.nextInt(1_200);
        boolean closed = random.nextBoolean();
        applied.add("nesting " + depth + (closed ? " closed" : " open"));
        String open = random.nextBoolean() ? "[" : "{ k: ";
        String close = open.equals("[") ? "]" : " }";
        text.insert(at, open.repeat(depth) + "1" + (closed ? close.repeat(depth) : ""));
      } else if (kind < 88) {
        int length = 1_000 + random.nextInt(random.nextInt(4) == 0 ? 40_000 : 4_000);
        applied.add("long line " + length);
        String unit = random.nextBoolean() ? "x.result, " : "\uD83D\uDE00 s: nope \"a\" ";
        text.insert(at, unit.repeat(length / unit.length()));
      } else if (kind < 94) {
        int count = random.nextInt(random.nextInt(4) == 0 ? 20_000 : 500);
        boolean braced = random.nextBoolean();
        boolean withAfter = random.nextInt(3) > 0;
        applied.add(
            "after list " + count + (braced ? " braced" : "") + (withAfter ? "" : " no after"));
        text.insert(
            at,
            "\n  stage fan"
                + (withAfter ? " after " : " ")
                + LinearCheckingTest.names("s", count)
                + (braced ? " { handler \"h\" }\n" : "\n"));
      } else {
        applied.add("invalid utf-8");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        int where = random.nextInt(bytes.length + 1);
        byte[] result = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, result, 0, where);
        result[where] = (byte) (0x80 + random.nextInt(0x80));
        System.arraycopy(bytes, where, result, where + 1, bytes.length - where);
        return result;
      }
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** What is wrong with checking and compiling {@code input}, or null when nothing is. */
  private static String failure(byte[] input) {
    SourceFile source = SourceFile.of("fuzz.flow", input);
    Duration bound = Duration.ofSeconds(3).plusMillis(input.length / 20);
    long start = System.nanoTime();
    CheckResult checked;
    CompileResult compiled = null;
    try {
      checked = FlowCompiler.check(source);
      // With errors, compiling stops where checking did, with the same diagnostics.
      if (!checked.hasErrors()) {
        compiled = FlowCompiler.compile(source, Map.of());
      }
    } catch (Throwable e) {
      return "threw " + stackTrace(e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (took.compareTo(bound) > 0) {
      return "%d bytes took %d ms, more than %d ms"
          .formatted(input.length, took.toMillis(), bound.toMillis());
    }
    // Undecodable bytes show as U+FFFD, as SourceFile.line shows them; they are never line breaks.
    int lines = lineCount(source.text().orElseGet(() -> new String(input, StandardCharsets.UTF_8)));
    List<List<Diagnostic>> reported =
        compiled == null
            ? List.of(checked.diagnostics())
            : List.of(checked.diagnostics(), compiled.diagnostics());
    for (List<Diagnostic> diagnostics : reported) {
      for (Diagnostic d : diagnostics) {
        String outside = outside(d.span(), source, lines);
        for (Note note : d.notes()) {
          if (outside == null && note.span() != null) {
            outside = outside(note.span(), source, lines);
          }
        }
        if (outside != null) {
          return "%s: %s".formatted(outside, DiagnosticText.render(d));
        }
      }
    }
    if (compiled != null && compiled.plan().isPresent() == compiled.hasErrors()) {
      return "a plan is present with errors, or missing without: "
          + DiagnosticText.render(compiled.diagnostics());
    }
    return null;
  }

  /** Why {@code span} is not inside the file, or null when it is. */
  private static String outside(Span span, SourceFile source, int lines) {
    if (span.endLine() > lines) {
      return "line %d past the last line, %d".formatted(span.endLine(), lines);
    }
    int startWidth = width(source.line(span.line()));
    if (span.column() > startWidth + 1) {
      return "column %d past the end of line %d (%d code points)"
          .formatted(span.column(), span.line(), startWidth);
    }
    int endWidth = width(source.line(span.endLine()));
    if (span.endColumn() > endWidth + 1) {
      return "end column %d past the end of line %d (%d code points)"
          .formatted(span.endColumn(), span.endLine(), endWidth);
    }
    return null;
  }

  private static int width(String line) {
    return line.codePointCount(0, line.length());
  }

  /** Lines as editors count them: LF, CRLF and a lone CR each end one. */
  private static int lineCount(String text) {
    int lines = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
        lines++;
      }
    }
    return lines;
  }

  private static String stackTrace(Throwable e) {
    java.io.StringWriter out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
