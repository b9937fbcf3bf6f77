package dev.flowc.cli.init;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.cli.FlowcRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitHandlersCommandTest {
  @TempDir Path dir;

  @AfterEach
  void forgetHome() {
    System.clearProperty(FlowcHome.PROPERTY);
  }

  private FlowcRun init(String... args) {
    List<String> all = new ArrayList<>(List.of("init", "handlers"));
    all.addAll(List.of(args));
    return FlowcRun.of(all.toArray(String[]::new));
  }

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(file -> root.relativize(file).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void makes_a_maven_project_with_a_handler_its_module_service_pipeline_config_and_test()
      throws IOException {
    Path project = dir.resolve("my-etl");

    FlowcRun run = init(project.toString(), "--package", "com.example.etl");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(files(project))
        .containsExactly(
            ".gitignore",
            ".mvn/maven.config",
            "README.md",
            "flowc.yaml",
            "pipeline.flow",
            "pom.xml",
            "src/main/java/com/example/etl/EtlModule.java",
            "src/main/java/com/example/etl/Greet.java",
            "src/main/resources/META-INF/services/com.google.inject.Module",
            "src/test/java/com/example/etl/PipelineTest.java");
    assertThat(
            Files.readString(
                project.resolve("src/main/resources/META-INF/services/com.google.inject.Module")))
        .isEqualTo("com.example.etl.EtlModule\n");
    assertThat(Files.readString(project.resolve("flowc.yaml")))
        .contains("classpath: [target/my-etl.jar]");
    assertThat(Files.readString(project.resolve("pipeline.flow")))
        .contains("pipeline my_etl {")
        .contains("handler \"etl.greet\"");
    for (String file : files(project)) {
      assertThat(Files.readString(project.resolve(file))).as(file).doesNotContain("{{");
    }
    assertThat(run.out())
        .startsWith(
            "created a Maven project of handlers in %s (package com.example.etl, handler"
                    .formatted(project)
                + " 'etl.greet')\nnext:\n");
  }

  @Test
  void the_pom_imports_the_bom_and_pins_the_plugins_flowc_builds_with() throws IOException {
    Path project = dir.resolve("etl");

    init(project.toString(), "--package", "com.acme.etl");

    String pom = Files.readString(project.resolve("pom.xml"));
    assertThat(pom)
        .contains("<groupId>com.acme.etl</groupId>")
        .contains("<artifactId>etl</artifactId>")
        .contains("<artifactId>flowc-bom</artifactId>")
        .contains("<scope>import</scope>")
        .contains("<maven.compiler.release>17</maven.compiler.release>")
        .contains("<finalName>${project.artifactId}</finalName>");
    Template.buildVersions()
        .forEach((key, version) -> assertThat(pom).as(key).contains(">" + version + "<"));
    assertThat(pom).contains("<flowc.version>" + dev.flowc.cli.FlowcVersion.current() + "<");
  }

  @Test
  void run_from_the_sources_the_project_has_no_repository_and_init_says_where_to_get_flowc()
      throws IOException {
    Path project = dir.resolve("etl");

    FlowcRun run = init(project.toString());

    assertThat(Files.readString(project.resolve("pom.xml"))).doesNotContain("<repositories>");
    assertThat(run.err())
        .startsWith("flowc: note: this flowc has no maven/ repository beside it")
        .contains("'mvn install' in flowc's sources")
        .hasLineCount(1);
  }

  @Test
  void from_a_distribution_the_pom_declares_its_maven_repository() throws IOException {
    Path home = dir.resolve("flowc-home");
    String version = dev.flowc.cli.FlowcVersion.current();
    Path pom =
        home.resolve(
            "maven/dev/flowc/flowc-runtime/%s/flowc-runtime-%s.pom".formatted(version, version));
    Files.createDirectories(pom.getParent());
    Files.writeString(pom, "<project/>", UTF_8);
    System.setProperty(FlowcHome.PROPERTY, home.toString());
    Path project = dir.resolve("etl");

    FlowcRun run = init(project.toString());

    assertThat(run.err()).isEmpty();
    assertThat(Files.readString(project.resolve("pom.xml")))
        .contains("<flowc.repository>" + home.resolve("maven").toUri() + "</flowc.repository>")
        .contains("<url>${flowc.repository}</url>");
  }

  @Test
  void without_a_package_it_is_com_example_and_the_directory_name() throws IOException {
    FlowcRun run = init(dir.resolve("Nightly-Jobs").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(dir.resolve("Nightly-Jobs/src/main/java/com/example/nightlyjobs/Greet.java"))
        .isRegularFile();
    assertThat(
            dir.resolve(
                "Nightly-Jobs/src/main/java/com/example/nightlyjobs/NightlyjobsModule.java"))
        .isRegularFile();
    assertThat(Files.readString(dir.resolve("Nightly-Jobs/pom.xml")))
        .contains("<artifactId>nightly-jobs</artifactId>");
  }

  @Test
  void a_directory_that_is_not_empty_is_refused_in_one_line_and_left_alone() throws IOException {
    Path project = Files.createDirectories(dir.resolve("etl"));
    Files.writeString(project.resolve("notes.txt"), "mine", UTF_8);

    FlowcRun run = init(project.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "flowc: cannot create a project in '%s': the directory is not empty (init writes only"
                    .formatted(project)
                + " into a new or empty one)\n");
    assertThat(files(project)).containsExactly("notes.txt");
  }

  @Test
  void an_empty_directory_is_fine_and_a_file_is_refused() throws IOException {
    assertThat(init(Files.createDirectories(dir.resolve("empty")).toString()).exitCode()).isZero();

    Path file = Files.writeString(dir.resolve("file"), "", UTF_8);
    FlowcRun run = init(file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "flowc: cannot create a project in '%s': it is a file, not a directory\n"
                .formatted(file));
  }

  @Test
  void an_invalid_package_is_one_line_exit_2_and_nothing_is_written() {
    for (String name :
        List.of("com.example.1etl", "com..etl", "com.example.class", "etl", "java.etl")) {
      Path project = dir.resolve("p");

      FlowcRun run = init(project.toString(), "--package", name);

      assertThat(run.exitCode()).as(name).isEqualTo(2);
      assertThat(run.err())
          .as(name)
          .startsWith("flowc: invalid value for option '--package': ")
          .endsWith("(see 'flowc init handlers --help')\n")
          .hasLineCount(1);
      assertThat(project).doesNotExist();
    }
  }

  @Test
  void the_sources_it_makes_compile_against_flowcs_api() throws IOException {
    Path project = dir.resolve("etl");
    init(project.toString(), "--package", "com.example.etl");
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "-d",
                dir.resolve("classes").toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                "-proc:none",
                // -path: cron-utils's manifest names a jar Maven never puts beside it (see the
                // parent pom).
                "-Xlint:all,-path",
                "-Werror"));
    try (Stream<Path> walk = Files.walk(project.resolve("src"))) {
      walk.filter(file -> file.toString().endsWith(".java"))
          .forEach(file -> arguments.add(file.toString()));
    }
    ByteArrayOutputStream errors = new ByteArrayOutputStream();

    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(null, errors, errors, arguments.toArray(String[]::new));

    assertThat(status).as(errors.toString(UTF_8)).isZero();
  }
}
