package dev.flowc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.CompileResult;
import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.PlanCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A version 1 file compiles to the same {@code flowc.ir/1} bytes as before version 2 existed.
 * {@code src/test/resources/v1-ir} holds the IR that flowc compiled, before version 2, from every
 * {@code .flow} file of the repository that compiles without params (the conformance cases are
 * among them, copied into the compiler's golden tests); the file name is the file's path with
 * {@code __} for {@code /}. Each is compiled again here and compared byte for byte.
 */
class VersionOneIrTest {
  private static final Path ROOT =
      Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
          .resolve("..")
          .normalize();
  private static final Path EXPECTED = ROOT.resolve("cli/src/test/resources/v1-ir");

  @TestFactory
  Stream<DynamicTest> every_version_1_file_compiles_to_the_bytes_it_compiled_to_before()
      throws IOException {
    List<Path> snapshots;
    try (Stream<Path> files = Files.list(EXPECTED)) {
      snapshots = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(snapshots).hasSizeGreaterThanOrEqualTo(10);
    return snapshots.stream()
        .map(
            snapshot -> {
              String name = snapshot.getFileName().toString();
              String path = name.substring(0, name.length() - ".json".length()).replace("__", "/");
              return DynamicTest.dynamicTest(path, () -> compilesToTheSameBytes(path, snapshot));
            });
  }

  private static void compilesToTheSameBytes(String path, Path snapshot) throws IOException {
    SourceFile source = SourceFile.read(ROOT.resolve(path), path);
    CompileResult result = FlowCompiler.compile(source, Map.of());

    assertThat(result.plan()).as("%s compiles", path).isPresent();
    assertThat(PlanCodec.toJson(result.plan().get()))
        .as(path)
        .isEqualTo(Files.readString(snapshot, StandardCharsets.UTF_8));
  }
}
