package dev.flowc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated pipelines are what the benchmark says they are; no timings. */
class CompilerBenchmarkTest {
  private static final int STAGES = 40;

  private static Plan compile(String text) {
    return FlowCompiler.compile(SourceFile.of("bench.flow", text), Map.of()).plan().orElseThrow();
  }

  @Test
  void the_valid_pipelines_check_without_a_diagnostic() {
    for (String text :
        List.of(
            CompilerBenchmark.generate(STAGES, false),
            CompilerBenchmark.generateVersion2(STAGES),
            CompilerBenchmark.generateVersion2Everywhere(STAGES))) {
      assertThat(FlowCompiler.check(SourceFile.of("bench.flow", text)).diagnostics()).isEmpty();
    }
  }

  @Test
  void the_v2_pipeline_is_the_valid_one_with_every_stage_fanned_out_and_conditioned() {
    Plan valid = compile(CompilerBenchmark.generate(STAGES, false));
    Plan v2 = compile(CompilerBenchmark.generateVersion2(STAGES));

    assertThat(v2.jobs())
        .extracting(JobSpec::stage)
        .isEqualTo(valid.jobs().stream().map(JobSpec::stage).toList());
    assertThat(v2.jobs()).allSatisfy(job -> assertThat(job.each()).isNotNull());
    assertThat(v2.jobs().subList(1, STAGES)).allSatisfy(job -> assertThat(job.when()).isNotNull());
  }

  @Test
  void the_typos_pipeline_has_one_unknown_stage_in_every_tenth_stage() {
    List<Diagnostic> diagnostics =
        FlowCompiler.check(SourceFile.of("bench.flow", CompilerBenchmark.generate(STAGES, true)))
            .diagnostics();
    assertThat(diagnostics).hasSize(STAGES / 10 - 1); // not stage 0: it reads no stage before it
    assertThat(diagnostics).extracting(Diagnostic::code).containsOnly(DiagnosticCode.FLOW201);
  }
}
