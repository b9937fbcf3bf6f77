package dev.flowc.cli;

import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import dev.flowc.cli.render.DiagnosticReport;
import dev.flowc.cli.render.FileReport;
import dev.flowc.cli.verify.HandlerVerifier;
import dev.flowc.compiler.CheckResult;
import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.Severity;
import dev.flowc.compiler.source.SourceFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
      "With --classpath or --module, or a flowc.yaml next to the file that names a classpath or"
          + " modules, also check that every stage's handler is bound and that"
          + " its input fits the handler's input type. Loading handlers runs the modules' code:"
          + " stderr says which flowc.yaml they come from, and --no-handlers skips them.",
      "Exit 0 when there are no errors (warnings too with --strict), 1 when there are, 2 when"
          + " a path names no file or cannot be read."
    })
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "PATH",
      arity = "1..*",
      description =
          "Files, directories (every *.flow below them) and globs, quoted so that flowc"
              + " expands them: 'pipelines/**/*.flow'.")
  List<String> paths;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  DiagnosticReport.Format format;

  @Option(names = "--strict", description = "Fail on warnings too.")
  boolean strict;

  @Option(
      names = {"-cp", "--classpath"},
      paramLabel = "CP",
      description =
          "Where the handler classes are: directories and jars separated by '${sys:path.separator}'"
              + " ('DIR/*' is every jar in DIR). Checks handlers and inputs.")
  String classpath;

  @Option(
      names = "--module",
      paramLabel = "CLASS",
      description =
          "A Guice module that binds handlers (repeatable); modules the classpath declares as"
              + " services are loaded too. Checks handlers and inputs.")
  List<String> modules = new ArrayList<>();

  @Option(
      names = "--no-handlers",
      description =
          "Do not load handlers, even when a flowc.yaml names a classpath or modules: check the"
              + " files alone.")
  boolean noHandlers;

  @ParentCommand FlowcCommand flowc;

  /** The flowc.yaml files whose handlers were loaded, each said once on stderr. */
  private final Set<Path> announced = new HashSet<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (noHandlers && (classpath != null || !modules.isEmpty())) {
      throw new UserException(
          ExitCode.USAGE,
          "--no-handlers cannot be combined with --classpath or --module (see '%s check --help')"
              .formatted(CommandName.current()));
    }
    ConfigLoader loader = ConfigLoader.inWorkingDirectory();
    Map<List<Object>, HandlerVerifier> verifiers = new HashMap<>();
    List<FileReport> reports = new ArrayList<>();
    boolean unreadable = false;
    boolean failed = false;
    FlowFileArguments.Expansion expansion =
        FlowFileArguments.expand(paths, Path.of("").toAbsolutePath());
    for (String problem : expansion.problems()) {
      err.println("flowc: " + problem);
      err.flush();
      unreadable = true;
    }
    for (Path path : expansion.files()) {
      SourceFile source;
      try {
        source = SourceFiles.read(path);
      } catch (UserException e) {
        err.println("flowc: " + e.getMessage());
        err.flush();
        unreadable = true;
        continue;
      }
      HandlerVerifier verifier = noHandlers ? null : verifier(path, loader, verifiers, err);
      CheckResult result = FlowCompiler.check(source);
      List<Diagnostic> diagnostics =
          verifier == null ? result.diagnostics() : verifier.verify(result);
      reports.add(new FileReport(source, diagnostics));
      failed |=
          diagnostics.stream()
              .anyMatch(
                  d ->
                      d.severity() == Severity.ERROR
                          || (strict && d.severity() == Severity.WARNING));
    }
    DiagnosticReport.of(format, flowc.style(), FlowcVersion.current())
        .write(reports, spec.commandLine().getOut());
    if (unreadable) {
      return ExitCode.USAGE;
    }
    return failed ? ExitCode.FAILED : ExitCode.OK;
  }

  /**
   * The verifier of handlers and inputs for {@code file}, or {@code null} when nothing names
   * handlers. The classpath and the modules come from {@code --classpath}/{@code --module}, else
   * from the {@code flowc.yaml} next to the pipeline (or in its parents); an option replaces the
   * config's setting. Registries are shared by the files that name the same handlers.
   */
  private HandlerVerifier verifier(
      Path file,
      ConfigLoader loader,
      Map<List<Object>, HandlerVerifier> verifiers,
      PrintWriter err) {
    FlowcConfig config = classpath != null && !modules.isEmpty() ? null : loader.forPipeline(file);
    List<Path> entries =
        classpath != null
            // As written, so that messages name the entries as the user did.
            ? ConfigLoader.splitClasspath(classpath).stream().map(Path::of).toList()
            : config == null ? List.of() : config.classpath();
    List<String> named =
        !modules.isEmpty() ? modules : config == null ? List.of() : config.modules();
    boolean asked = classpath != null || !modules.isEmpty();
    if (!asked && entries.isEmpty() && named.isEmpty()) {
      return null;
    }
    if (config != null && config.file() != null) {
      announce(config, loader, err);
    }
    return verifiers.computeIfAbsent(
        List.of(entries, named), key -> new HandlerVerifier(HandlerLoader.load(entries, named)));
  }

  /**
   * Says on stderr, once per file, that handlers come from a flowc.yaml the user may not have
   * thought of (one in a parent directory): loading them runs the modules' code.
   */
  private void announce(FlowcConfig config, ConfigLoader loader, PrintWriter err) {
    boolean ownClasspath = classpath == null && !config.classpath().isEmpty();
    boolean ownModules = modules.isEmpty() && !config.modules().isEmpty();
    if (!(ownClasspath || ownModules) || !announced.add(config.file())) {
      return;
    }
    String what =
        ownClasspath && ownModules
            ? "the classpath and modules"
            : ownClasspath ? "the classpath" : "the modules";
    Path shown =
        config.file().startsWith(loader.workingDirectory())
            ? loader.workingDirectory().relativize(config.file())
            : config.file();
    err.println(
        "flowc: checking handlers with %s of %s (--no-handlers skips loading them)"
            .formatted(what, shown));
    err.flush();
  }
}
