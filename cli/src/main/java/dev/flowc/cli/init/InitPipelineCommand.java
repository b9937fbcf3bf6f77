package dev.flowc.cli.init;

import dev.flowc.cli.CommandName;
import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.IoMessages;
import dev.flowc.cli.UserException;
import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.diagnostic.Severity;
import dev.flowc.compiler.source.SourceFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowc init pipeline NAME}: a commented starter {@code NAME.flow} that checks and runs. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Write NAME.flow (NAME may be a path: pipelines/nightly), a commented starter pipeline"
          + " named after the file that passes 'flowc check' and runs with the built-in handlers."
          + " An existing file is left as it is (exit 2)."
    })
final class InitPipelineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "NAME",
      description = "The pipeline's name, the file's name without .flow (a path may lead to it).")
  String name;

  @Override
  public Integer call() {
    String fileName = name.endsWith(".flow") ? name : name + ".flow";
    Path file = Path.of(fileName);
    String baseName = file.getFileName().toString();
    String pipelineName = baseName.substring(0, baseName.length() - ".flow".length());
    if (!pipelineName.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new ParameterException(
          spec.commandLine(),
          ("invalid pipeline name '%s': a name is letters, digits and '_', not starting with a"
                  + " digit (such as %s)")
              .formatted(pipelineName, JavaNames.flowIdentifier(pipelineName)));
    }
    String text =
        Template.render(
            "pipeline/starter.flow.tmpl",
            Map.of("fileName", fileName, "pipelineName", pipelineName));
    // A name the language reserves (a keyword) would make a file that does not check.
    FlowCompiler.check(SourceFile.of(fileName, text)).diagnostics().stream()
        .filter(d -> d.severity() == Severity.ERROR)
        .findFirst()
        .ifPresent(
            error -> {
              throw new ParameterException(
                  spec.commandLine(),
                  "invalid pipeline name '%s': %s".formatted(pipelineName, error.message()));
            });
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      throw new UserException(
          ExitCode.USAGE,
          "'%s' exists already: init leaves it as it is (remove it, or choose another name)"
              .formatted(fileName),
          e);
    } catch (IOException e) {
      throw new UserException(
          ExitCode.USAGE, "cannot write '%s': %s".formatted(fileName, IoMessages.reason(e)), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "created %s (pipeline %s); check it: %s check %s%n",
        fileName, pipelineName, CommandName.current(), fileName);
    out.flush();
    return ExitCode.OK;
  }
}
