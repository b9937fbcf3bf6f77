package dev.flowc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.PlanCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests: each {@code golden/NAME.flow} is compiled and its diagnostics compared, as text,
 * with {@code NAME.diagnostics}; when it compiles, its IR is compared with {@code NAME.ir.json}. A
 * first line {@code # params: k=v k2=v2} gives param values.
 *
 * <p>Run with {@code -Dgolden.update=true} to rewrite the expected files from what the compiler
 * does now; review every change before committing it.
 */
class GoldenTest {
  private static final Path DIR =
      Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final String PARAMS = "# params:";

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".flow"))
              .map(n -> n.substring(0, n.length() - ".flow".length()))
              .sorted()
              .toList();
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matches_its_expected_diagnostics_and_ir(String name) throws IOException {
    byte[] bytes = Files.readAllBytes(DIR.resolve(name + ".flow"));
    SourceFile source = SourceFile.of(name + ".flow", bytes);
    CompileResult compiled = FlowCompiler.compile(source, params(bytes));
    CheckResult checked = FlowCompiler.check(source);

    String diagnostics = DiagnosticText.render(compiled.diagnostics());
    String ir = compiled.plan().map(PlanCodec::toJson).orElse(null);
    Path diagnosticsFile = DIR.resolve(name + ".diagnostics");
    Path irFile = DIR.resolve(name + ".ir.json");
    if (UPDATE) {
      write(diagnosticsFile, diagnostics);
      if (ir == null) {
        Files.deleteIfExists(irFile);
      } else {
        write(irFile, ir);
      }
    }

    assertThat(diagnosticsFile)
        .as("%s is missing: run with -Dgolden.update=true and review it", diagnosticsFile)
        .exists();
    assertThat(diagnostics).as(name + ".diagnostics").isEqualTo(read(diagnosticsFile));
    if (ir == null) {
      assertThat(irFile).as("%s does not compile, so it has no IR", name).doesNotExist();
    } else {
      assertThat(irFile)
          .as("%s is missing: run with -Dgolden.update=true and review it", irFile)
          .exists();
      assertThat(ir).as(name + ".ir.json").isEqualTo(read(irFile));
      assertThat(PlanCodec.fromJson(ir)).as("%s reads back", name).isEqualTo(compiled.plan().get());
    }
    // Checking reports what compiling does, less what only param values reveal.
    assertThat(compiled.diagnostics()).containsAll(checked.diagnostics());
    assertThat(compiled.diagnostics())
        .isSortedAccordingTo(
            java.util.Comparator.comparing(
                dev.flowc.compiler.diagnostic.Diagnostic::span,
                dev.flowc.compiler.source.Span::compareStart));
    assertThat(checked.graph().isPresent()).isEqualTo(!checked.hasErrors());
  }

  /** Param values from a first line {@code # params: k=v k2=v2}. */
  private static Map<String, String> params(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    Map<String, String> params = new LinkedHashMap<>();
    if (!text.startsWith(PARAMS)) {
      return params;
    }
    String line = text.lines().findFirst().orElseThrow().substring(PARAMS.length()).strip();
    for (String pair : line.split("\\s+")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        params.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return params;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
