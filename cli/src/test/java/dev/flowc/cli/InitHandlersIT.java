package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user does with a flowc distribution: {@code flowc init handlers}, {@code mvn verify} of
 * the project it made, then {@code flowc run} of its pipeline. The distribution's {@code maven/}
 * repository is made here from this build's artifacts; the build is offline, with a local
 * repository that has everything this build downloaded but no {@code dev.flowc} artifact (so a
 * stale {@code mvn install} of flowc cannot stand in for the repository the project names).
 */
class InitHandlersIT {
  private static final long BUILD_MINUTES = 10;

  @TempDir Path dir;

  /** Removes the links into the real local repository, which JUnit would warn about. */
  @AfterEach
  void unlinkLocalRepository() throws IOException {
    Path local = dir.resolve("local-repository");
    if (!Files.isDirectory(local)) {
      return;
    }
    try (Stream<Path> entries = Stream.concat(list(local), list(local.resolve("dev")))) {
      for (Path entry : entries.filter(Files::isSymbolicLink).toList()) {
        Files.delete(entry);
      }
    }
  }

  private static Stream<Path> list(Path directory) throws IOException {
    return Files.isDirectory(directory) ? Files.list(directory) : Stream.empty();
  }

  @Test
  void a_project_made_by_init_builds_offline_and_flowc_runs_its_pipeline_with_its_handler()
      throws Exception {
    Optional<Path> mvn = onPath("mvn");
    assumeTrue(mvn.isPresent(), "no mvn on the PATH: the project init makes cannot be built here");
    String version = FlowcVersion.current();
    Path home = dir.resolve("flowc-home");
    writeRepository(Path.of(System.getProperty("flowc.sources")), home.resolve("maven"), version);
    Path localRepository =
        localRepositoryWithoutFlowc(
            Path.of(System.getProperty("flowc.test.localRepository")),
            dir.resolve("local-repository"));

    FlowcProcess.Result init =
        new FlowcProcess(dir)
            .run(
                Map.of(),
                List.of("-Dflowc.home=" + home),
                "init",
                "handlers",
                "my-etl",
                "--package",
                "com.example.etl");
    assertThat(init.exitCode()).as(init.err()).isZero();
    assertThat(init.err()).isEmpty();
    Path project = dir.resolve("my-etl");

    Path log = dir.resolve("mvn.log");
    Process build =
        new ProcessBuilder(
                mvn.get().toString(), "-B", "-o", "-Dmaven.repo.local=" + localRepository, "verify")
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!build.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
      build.destroyForcibly().waitFor();
      throw new AssertionError("mvn verify did not finish in time:\n" + Files.readString(log));
    }
    String output = Files.readString(log, UTF_8);
    assertThat(build.exitValue()).as(output).isZero();
    assertThat(output).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0");
    assertThat(project.resolve("target/my-etl.jar")).isRegularFile();

    Map<String, String> environment = new HashMap<>();
    environment.put("FLOWC_STORE", null);
    environment.put("FLOWC_DB", null);
    FlowcProcess.Result run =
        new FlowcProcess(project)
            .run(environment, List.of(), "run", "pipeline.flow", "--param", "who=Ada");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("result of show: {\"message\":\"Hello, Ada! Hello, Ada!\"}");
    assertThat(project.resolve(".flowc/flowc.db")).isRegularFile();
  }

  private static Optional<Path> onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry, command))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * A Maven repository as the distribution carries it, from this build's jars and poms: the modules
   * a handler project needs, their parent, and {@code flowc-bom} (a stand-in importing the parent's
   * dependency management when this tree has no {@code bom} module).
   */
  private static void writeRepository(Path sources, Path repository, String version)
      throws IOException {
    for (String module : List.of("dag", "dsl-grammar", "compiler", "runtime")) {
      String artifact = "flowc-" + module;
      Path jar = sources.resolve(module).resolve("target/%s-%s.jar".formatted(artifact, version));
      assertThat(jar).as("built by this reactor").isRegularFile();
      install(repository, artifact, version, Files.readString(pom(sources.resolve(module))), jar);
    }
    install(
        repository, "flowc-parent", version, Files.readString(sources.resolve("pom.xml")), null);
    String bom =
        Files.isRegularFile(sources.resolve("bom/pom.xml"))
            ? Files.readString(pom(sources.resolve("bom")))
            : """
              <project xmlns="http://maven.apache.org/POM/4.0.0">
                <modelVersion>4.0.0</modelVersion>
                <parent>
                  <groupId>dev.flowc</groupId>
                  <artifactId>flowc-parent</artifactId>
                  <version>%s</version>
                </parent>
                <artifactId>flowc-bom</artifactId>
                <packaging>pom</packaging>
              </project>
              """
                .formatted(version);
    install(repository, "flowc-bom", version, bom, null);
  }

  /** The pom Maven installs for a module: the flattened one when the build made it. */
  private static Path pom(Path module) {
    return Stream.of(
            module.resolve("target/flattened-pom.xml"),
            module.resolve(".flattened-pom.xml"),
            module.resolve("target/.flattened-pom.xml"))
        .filter(Files::isRegularFile)
        .findFirst()
        .orElse(module.resolve("pom.xml"));
  }

  private static void install(
      Path repository, String artifact, String version, String pom, Path jar) throws IOException {
    Path directory = repository.resolve("dev/flowc").resolve(artifact).resolve(version);
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("%s-%s.pom".formatted(artifact, version)), pom, UTF_8);
    if (jar != null) {
      Files.copy(jar, directory.resolve("%s-%s.jar".formatted(artifact, version)));
    }
  }

  /**
   * A local repository that sees every artifact of {@code real} (through symbolic links) but {@code
   * dev/flowc}; what the build adds goes into it, never into {@code real}'s {@code dev/flowc}.
   */
  private static Path localRepositoryWithoutFlowc(Path real, Path local) throws IOException {
    assumeTrue(Files.isDirectory(real), "no local Maven repository at " + real);
    Files.createDirectories(local.resolve("dev"));
    try (Stream<Path> entries = Files.list(real)) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals("dev")) {
          Files.createSymbolicLink(local.resolve(entry.getFileName().toString()), entry);
        }
      }
    }
    if (Files.isDirectory(real.resolve("dev"))) {
      try (Stream<Path> entries = Files.list(real.resolve("dev"))) {
        for (Path entry : entries.toList()) {
          if (!entry.getFileName().toString().equals("flowc")) {
            Files.createSymbolicLink(
                local.resolve("dev").resolve(entry.getFileName().toString()), entry);
          }
        }
      }
    }
    return local;
  }
}
