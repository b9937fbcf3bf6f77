package dev.flowc.cli;

import dev.flowc.cli.render.DiagnosticReport;
import dev.flowc.cli.render.FileReport;
import dev.flowc.compiler.CheckResult;
import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.source.SourceFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flowc check FILE...}: every problem in every file, in one run. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Parse and check pipeline files; report every problem with its position and a fix.",
      "Exit 0 when there are no errors (warnings too with --strict), 1 otherwise."
    })
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "The .flow files to check.")
  List<Path> files;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  DiagnosticReport.Format format;

  @Option(names = "--strict", description = "Fail on warnings too.")
  boolean strict;

  @ParentCommand FlowcCommand flowc;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    List<FileReport> reports = new ArrayList<>();
    boolean unreadable = false;
    boolean failed = false;
    for (Path path : files) {
      SourceFile source;
      try {
        source = SourceFiles.read(path);
      } catch (UserException e) {
        err.println("flowc: " + e.getMessage());
        err.flush();
        unreadable = true;
        continue;
      }
      CheckResult result = FlowCompiler.check(source);
      reports.add(new FileReport(source, result.diagnostics()));
      failed |= result.hasErrors() || (strict && result.warnings() > 0);
    }
    DiagnosticReport.of(format, flowc.style(), FlowcVersion.current())
        .write(reports, spec.commandLine().getOut());
    if (unreadable) {
      return ExitCode.USAGE;
    }
    return failed ? ExitCode.FAILED : ExitCode.OK;
  }
}
