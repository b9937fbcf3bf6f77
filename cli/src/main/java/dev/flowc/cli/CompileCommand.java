package dev.flowc.cli;

import dev.flowc.cli.render.FileReport;
import dev.flowc.cli.render.TextReport;
import dev.flowc.compiler.CompileResult;
import dev.flowc.compiler.FlowCompiler;
import dev.flowc.dag.Plan;
import dev.flowc.dag.PlanCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flowc compile FILE}: the job DAG (IR) as JSON or YAML. */
@Command(
    name = "compile",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Check a pipeline and print its job DAG (the IR, format flowc.ir/1).",
      "Diagnostics go to stderr; exit 1 when the pipeline has errors."
    })
final class CompileCommand implements Callable<Integer> {
  enum Emit {
    JSON,
    YAML;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The .flow file to compile.")
  Path file;

  @Option(
      names = {"-e", "--emit"},
      paramLabel = "FORMAT",
      defaultValue = "json",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Emit emit;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "OUT",
      description = "Write the IR to this file instead of stdout.")
  Path output;

  @Mixin ParamOptions params;

  @ParentCommand FlowcCommand flowc;

  @Override
  public Integer call() {
    CompileResult result = FlowCompiler.compile(SourceFiles.read(file), params.values());
    if (!result.diagnostics().isEmpty()) {
      new TextReport(flowc.errStyle())
          .writeDiagnostics(
              List.of(new FileReport(result.source(), result.diagnostics())),
              spec.commandLine().getErr());
    }
    if (result.plan().isEmpty()) {
      return ExitCode.FAILED;
    }
    Plan plan = result.plan().get();
    String text = emit == Emit.JSON ? PlanCodec.toJson(plan) : PlanCodec.toYaml(plan);
    if (output == null) {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
    } else {
      write(output, text);
    }
    return ExitCode.OK;
  }

  /** Writes through a temporary file, so that a reader never sees half an IR. */
  private static void write(Path target, String text) {
    if (Files.isDirectory(target)) {
      // A move would replace an empty directory, or name the temporary file in its error.
      throw new UserException(
          ExitCode.USAGE, "cannot write '%s': is a directory".formatted(target));
    }
    try {
      Path parent = target.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, ".flowc-", ".tmp");
      try {
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
          Files.move(
              temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UserException(
          ExitCode.USAGE, "cannot write '%s': %s".formatted(target, IoMessages.reason(e)), e);
    }
  }
}
