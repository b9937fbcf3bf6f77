package dev.flowc.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.CheckResult;
import dev.flowc.compiler.CompileResult;
import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample pipeline checks without a single diagnostic and compiles with its defaults. */
class SamplePipelinesTest {
  private static final Path SAMPLES = Path.of("").toAbsolutePath();

  static Stream<Path> samples() throws IOException {
    try (Stream<Path> files = Files.walk(SAMPLES)) {
      List<Path> flows =
          files
              .filter(p -> p.toString().endsWith(".flow"))
              .filter(p -> !SAMPLES.relativize(p).startsWith("target"))
              .sorted()
              .toList();
      return flows.stream();
    }
  }

  @Test
  void the_etl_sample_is_there() throws IOException {
    assertThat(samples()).contains(SAMPLES.resolve("etl/pipeline.flow"));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sample_checks_clean_and_compiles(Path file) throws IOException {
    SourceFile source = SourceFile.read(file, SAMPLES.relativize(file).toString());

    CheckResult check = FlowCompiler.check(source);
    CompileResult compile = FlowCompiler.compile(source, Map.of());

    assertThat(check.diagnostics()).isEmpty();
    assertThat(compile.diagnostics()).isEmpty();
    assertThat(compile.plan()).isPresent();
  }

  @Test
  void the_etl_sample_is_the_diamond_of_the_language_reference() throws IOException {
    SourceFile source = SourceFile.read(SAMPLES.resolve("etl/pipeline.flow"), "etl/pipeline.flow");

    Plan plan = FlowCompiler.compile(source, Map.of()).plan().orElseThrow();

    assertThat(plan.jobs())
        .extracting(j -> j.stage())
        .containsExactly("extract_api", "extract_csv", "normalize_a", "normalize_b", "load");
    assertThat(plan.job("load").dependsOn()).containsExactly("normalize_a", "normalize_b");
    assertThat(plan.job("normalize_b").dependsOn()).containsExactly("extract_csv");
  }
}
