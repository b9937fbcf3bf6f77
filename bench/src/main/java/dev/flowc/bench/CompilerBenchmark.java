package dev.flowc.bench;

import dev.flowc.compiler.CheckResult;
import dev.flowc.compiler.CompileResult;
import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.PlanCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How long flowc takes to check and compile pipelines of growing size, in one warmed-up JVM.
 *
 * <p>Each pipeline is generated: stage {@code i} reads the results of up to two earlier stages and
 * carries metadata, so checks, the dependency graph and lowering all have work. The "typos"
 * pipeline has an unknown stage reference in every tenth stage, which exercises the did-you-mean
 * search. Each measurement is the median of repeated runs after a warm-up.
 *
 * <p>Run: {@code java -jar bench/target/flowc-bench.jar [compiler] [stages...]}.
 */
public final class CompilerBenchmark {
  private static final long WARMUP_NANOS = 3_000_000_000L;
  private static final int MIN_RUNS = 5;
  private static final long MEASURE_NANOS = 5_000_000_000L;

  private CompilerBenchmark() {}

  public static void main(String[] args) {
    List<Integer> sizes = new ArrayList<>();
    for (String arg : args) {
      sizes.add(Integer.parseInt(arg));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(10, 1_000, 10_000, 50_000);
    }
    System.out.printf(
        "%-8s %8s %10s %12s %14s %12s%n",
        "pipeline", "stages", "KiB", "check ms", "stages/s", "compile ms");
    // One kind after the other for each size, so that a size given several times ("1000 1000
    // 1000") measures the kinds in alternation: a change of the machine's load then shows in
    // every kind's rounds, not only in the kind measured last.
    for (int stages : sizes) {
      run("valid", stages, generate(stages, false));
      run("v2", stages, generateVersion2(stages));
      run("v2-all", stages, generateVersion2Everywhere(stages));
      run("typos", stages, generate(stages, true));
    }
  }

  private static void run(String kind, int stages, String text) {
    SourceFile source = SourceFile.of("bench.flow", text);
    double checkMs =
        median(
            () -> {
              CheckResult result = FlowCompiler.check(source);
              if (!kind.equals("typos") && !result.diagnostics().isEmpty()) {
                throw new IllegalStateException(result.diagnostics().get(0).toString());
              }
              return result.diagnostics().size();
            });
    String compileMs = "-";
    if (!kind.equals("typos")) {
      compileMs =
          String.format(
              Locale.ROOT,
              "%.1f",
              median(
                  () -> {
                    CompileResult result = FlowCompiler.compile(source, Map.of());
                    return PlanCodec.toJson(result.plan().orElseThrow()).length();
                  }));
    }
    System.out.printf(
        Locale.ROOT,
        "%-8s %8d %10d %12.1f %14.0f %12s%n",
        kind,
        stages,
        text.length() / 1024,
        checkMs,
        stages / (checkMs / 1000),
        compileMs);
  }

  /** The median wall time of {@code work} in milliseconds, after a warm-up. */
  private static double median(Supplier<Integer> work) {
    long sink = 0;
    long start = System.nanoTime();
    while (System.nanoTime() - start < WARMUP_NANOS) {
      sink += work.get();
    }
    List<Long> times = new ArrayList<>();
    start = System.nanoTime();
    while (times.size() < MIN_RUNS || System.nanoTime() - start < MEASURE_NANOS) {
      long t = System.nanoTime();
      sink += work.get();
      times.add(System.nanoTime() - t);
    }
    if (sink == 42) {
      System.out.print("");
    }
    times.sort(null);
    return times.get(times.size() / 2) / 1e6;
  }

  /**
   * The "valid" pipeline with every stage using {@code for} and {@code when} (issue 12's "a file
   * with 1,000 stages using for and when", against the "valid" one): the same stages, each fanning
   * out (over the result of the stage before it, or over a literal list), passing its item in
   * {@code input}, and running only when the stage before it found something.
   */
  static String generateVersion2(int stages) {
    StringBuilder out = opening("");
    for (int i = 0; i < stages; i++) {
      fannedOutStage(out, i, "f");
      out.append("\n    input { n: ").append(i).append(", item: f");
      if (i > 0) {
        out.append(", prev: s").append(i - 1).append(".result[0]");
      }
      if (i > 1) {
        out.append(", label: \"from ${s").append(i - 2).append(".result} into ${params.table}\"");
      }
      out.append(" }\n    metadata { team: \"data\", index: ").append(i).append(" }\n");
      if (i > 0) {
        out.append("    when len(s").append(i - 1).append(".result) > 0\n");
      }
      out.append("  }\n");
    }
    return out.append("}\n").toString();
  }

  /**
   * The "valid" pipeline with every feature of version 2 in every stage: every stage fans out
   * ({@code for}, over the result of the stage before it or over a literal list), has a {@code
   * when} (over results, loop variables, run values, and the state of the stage three before), and
   * uses its loop variables and run values in {@code input} and {@code metadata}: about twice the
   * text of the "valid" one.
   */
  static String generateVersion2Everywhere(int stages) {
    StringBuilder out = opening("    force: bool = false\n");
    for (int i = 0; i < stages; i++) {
      fannedOutStage(out, i, "i, f");
      out.append("\n    max_items 1000");
      out.append("\n    input { n: ").append(i).append(", item: f, run: run.id");
      if (i > 0) {
        out.append(", prev: s").append(i - 1).append(".result[0]");
      }
      if (i > 1) {
        out.append(", label: \"${f} from ${s")
            .append(i - 2)
            .append(".result} into ${params.table} in run ${run.id}\"");
      }
      out.append(" }\n    metadata { team: \"data\", index: ").append(i);
      out.append(", run: run.key }\n");
      out.append("    when ");
      if (i > 0) {
        out.append("len(s").append(i - 1).append(".result) > 0 && ");
      }
      out.append("(f != \"skip\" || params.force)");
      if (i > 3) {
        out.append(" && s").append(i - 3).append(".state != \"cancelled\"");
      }
      out.append("\n  }\n");
    }
    return out.append("}\n").toString();
  }

  /**
   * The pipeline's opening: params ({@code moreParams} after the two every file has), defaults,
   * queues.
   */
  private static StringBuilder opening(String moreParams) {
    StringBuilder out = new StringBuilder();
    out.append("pipeline bench {\n  description \"generated\"\n");
    out.append("  params {\n    table: string = \"t\"\n    tries: int = 3\n")
        .append(moreParams)
        .append("  }\n");
    out.append("  defaults { retries params.tries timeout 2m backoff 1s max 1m }\n");
    out.append("  queue io { concurrency 8 }\n  queue cpu { concurrency 2 }\n");
    return out;
  }

  /**
   * The head of a version 2 file's stage {@code i}: fanned out ({@code for VARIABLES in} the result
   * of the stage before it, or a literal list), every third after the stage three before, its
   * handler and queue.
   */
  private static void fannedOutStage(StringBuilder out, int i, String variables) {
    out.append("  stage s").append(i);
    if (i > 0 && i % 2 == 1) {
      out.append(" for ").append(variables).append(" in s").append(i - 1).append(".result.files");
    } else {
      out.append(" for f in [\"eu\", \"us\", \"apac\"]");
    }
    if (i > 2 && i % 3 == 0) {
      out.append(" after s").append(i - 3);
    }
    out.append(" {\n    handler \"bench.step\"\n    queue ").append(i % 2 == 0 ? "io" : "cpu");
  }

  /**
   * A pipeline of {@code stages} stages; with {@code typos}, every tenth refers to a misspelt
   * stage.
   */
  static String generate(int stages, boolean typos) {
    StringBuilder out = opening("");
    for (int i = 0; i < stages; i++) {
      out.append("  stage s").append(i);
      if (i > 2 && i % 3 == 0) {
        out.append(" after s").append(i - 3);
      }
      out.append(" {\n    handler \"bench.step\"\n    queue ").append(i % 2 == 0 ? "io" : "cpu");
      out.append("\n    input { n: ").append(i);
      if (i > 0) {
        String previous = typos && i % 10 == 0 ? "sx" + (i - 1) : "s" + (i - 1);
        out.append(", prev: ").append(previous).append(".result.rows[0]");
      }
      if (i > 1) {
        out.append(", label: \"from ${s")
            .append(i - 2)
            .append(".result.name} into ${params.table}\"");
      }
      out.append(" }\n    metadata { team: \"data\", index: ").append(i).append(" }\n  }\n");
    }
    return out.append("}\n").toString();
  }
}
