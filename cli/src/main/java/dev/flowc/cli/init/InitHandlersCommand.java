package dev.flowc.cli.init;

import dev.flowc.cli.CommandName;
import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.IoMessages;
import dev.flowc.cli.UserException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flowc init handlers DIR [--package P]}: a Maven project with a handler, its Guice module
 * and service entry, a pipeline using it, flowc.yaml, and a test running the pipeline in process.
 */
@Command(
    name = "handlers",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Create a Maven project of handlers in DIR (new or empty): a handler with a typed input, the"
          + " Guice module that binds it (declared as a service), a pipeline that uses it,"
          + " flowc.yaml, and a JUnit test that runs the pipeline on a temporary store.",
      "It builds as it is with 'mvn verify' (Maven 3.8+, Java 17+): flowc's artifacts come from"
          + " the maven/ repository of the flowc distribution this command runs from."
    })
final class InitHandlersCommand implements Callable<Integer> {
  private static final String REPOSITORIES =
      """

        <repositories>
          <repository>
            <id>flowc</id>
            <url>${flowc.repository}</url>
          </repository>
        </repositories>
      """;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "The project's directory, new or empty.")
  Path directory;

  @Option(
      names = "--package",
      paramLabel = "PACKAGE",
      description =
          "The Java package of the handlers, and the project's groupId (default: com.example. and"
              + " the directory's name).")
  String packageName;

  @Override
  public Integer call() {
    Path target = directory.toAbsolutePath().normalize();
    String directoryName =
        target.getFileName() == null ? "handlers" : target.getFileName().toString();
    String pkg = packageName != null ? packageName : JavaNames.defaultPackage(directoryName);
    Optional<String> problem = JavaNames.packageProblem(pkg);
    if (problem.isPresent()) {
      throw new ParameterException(
          spec.commandLine(), "invalid value for option '--package': %s".formatted(problem.get()));
    }
    refuseUnlessNewOrEmpty(target);

    String version = FlowcVersion.current();
    Optional<Path> repository = FlowcHome.mavenRepository(version);
    Map<String, String> values = values(pkg, directoryName, version, repository);
    String packagePath = values.get("packagePath");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("pom.xml", "handlers/pom.xml.tmpl");
    files.put("flowc.yaml", "handlers/flowc.yaml.tmpl");
    files.put("pipeline.flow", "handlers/pipeline.flow.tmpl");
    files.put("README.md", "handlers/README.md.tmpl");
    files.put(".gitignore", "handlers/gitignore.tmpl");
    // Lets 'mvn -o' read the file:// repository of flowc's artifacts, which offline mode
    // otherwise refuses like any remote one.
    files.put(".mvn/maven.config", "handlers/maven.config.tmpl");
    files.put(
        "src/main/java/%s/%s.java".formatted(packagePath, values.get("handlerClass")),
        "handlers/Handler.java.tmpl");
    files.put(
        "src/main/java/%s/%s.java".formatted(packagePath, values.get("moduleClass")),
        "handlers/Module.java.tmpl");
    files.put(
        "src/main/resources/META-INF/services/com.google.inject.Module", "handlers/services.tmpl");
    files.put(
        "src/test/java/%s/PipelineTest.java".formatted(packagePath),
        "handlers/PipelineTest.java.tmpl");
    files.forEach(
        (file, template) -> write(target.resolve(file), Template.render(template, values)));

    PrintWriter out = spec.commandLine().getOut();
    String shown = directory.toString();
    out.printf(
        "created a Maven project of handlers in %s (package %s, handler '%s')%n",
        shown, pkg, values.get("handlerName"));
    out.println("next:");
    String build = "mvn -B verify";
    String run = flowcCommand() + " run pipeline.flow";
    int width = Math.max(build.length(), run.length()) + 2;
    out.printf("  cd %s%n", shellWord(shown));
    out.printf(
        "  %-" + width + "s# builds target/%s.jar, runs the pipeline in a test%n",
        build,
        values.get("artifactId"));
    out.printf("  %-" + width + "s# runs it with the handlers of the jar%n", run);
    out.flush();
    if (repository.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.printf(
          "flowc: note: this flowc has no maven/ repository beside it (it is not run from its"
              + " distribution): the project needs dev.flowc:flowc-bom, flowc-runtime and"
              + " flowc-compiler %s in your local Maven repository ('mvn install' in flowc's"
              + " sources puts them there)%n",
          version);
      err.flush();
    }
    return ExitCode.OK;
  }

  private static Map<String, String> values(
      String pkg, String directoryName, String version, Optional<Path> repository) {
    String lastSegment = pkg.substring(pkg.lastIndexOf('.') + 1);
    String artifactId = JavaNames.artifactId(directoryName);
    Map<String, String> values = new LinkedHashMap<>(Template.buildVersions());
    values.put("flowcVersion", version);
    values.put("package", pkg);
    values.put("packagePath", pkg.replace('.', '/'));
    values.put("artifactId", artifactId);
    values.put("moduleClass", JavaNames.className(lastSegment) + "Module");
    values.put("handlerClass", "Greet");
    values.put("handlerName", lastSegment.toLowerCase(java.util.Locale.ROOT) + ".greet");
    values.put("pipelineName", JavaNames.flowIdentifier(artifactId));
    values.put(
        "repositoryProperty",
        repository
            .map(
                dir ->
                    "    <!-- flowc's artifacts, in the distribution this project was made with;"
                        + " -Dflowc.repository=URL names another. -->\n"
                        + "    <flowc.repository>%s</flowc.repository>\n".formatted(dir.toUri()))
            .orElse(""));
    values.put("repositories", repository.isEmpty() ? "" : REPOSITORIES);
    return values;
  }

  private void refuseUnlessNewOrEmpty(Path target) {
    if (!Files.exists(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new UserException(
          ExitCode.USAGE,
          "cannot create a project in '%s': it is a file, not a directory".formatted(directory));
    }
    try (Stream<Path> entries = Files.list(target)) {
      if (entries.findAny().isPresent()) {
        throw new UserException(
            ExitCode.USAGE,
            "cannot create a project in '%s': the directory is not empty (init writes only into a"
                    .formatted(directory)
                + " new or empty one)");
      }
    } catch (IOException e) {
      throw new UserException(
          ExitCode.USAGE, "cannot read '%s': %s".formatted(directory, IoMessages.reason(e)), e);
    }
  }

  private void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    } catch (IOException e) {
      throw new UserException(
          ExitCode.USAGE, "cannot write '%s': %s".formatted(file, IoMessages.reason(e)), e);
    }
  }

  /**
   * How to run this flowc from the project's directory: as it was run, made absolute when it was a
   * relative path ({@code ./flowc} would not be found after {@code cd}).
   */
  private static String flowcCommand() {
    String name = System.getProperty(CommandName.PROPERTY);
    if (name != null && name.contains("/") && !Path.of(name).isAbsolute()) {
      return shellWord(Path.of(name).toAbsolutePath().normalize().toString());
    }
    return CommandName.current();
  }

  private static String shellWord(String word) {
    return word.matches("[A-Za-z0-9_./:@%+=,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
