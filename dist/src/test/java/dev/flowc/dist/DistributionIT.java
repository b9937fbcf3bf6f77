package dev.flowc.dist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.flowc.dist.UnpackedDistribution.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The archive {@code mvn package} makes, unpacked in a temporary directory and run from there with
 * a PATH that has neither the repository nor Maven: every command works with a Java runtime alone.
 */
class DistributionIT {
  @TempDir static Path unpacked;
  @TempDir Path work;

  static UnpackedDistribution flowc;

  @BeforeAll
  static void unpackTheArchive() throws Exception {
    assumeFalse(System.getProperty("os.name").startsWith("Windows"), "bin/flowc is bash");
    flowc = UnpackedDistribution.unpack(unpacked);
  }

  @Test
  void version_names_the_version_and_the_commit_of_the_build() throws Exception {
    Result result = flowc.flowc(work, "--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .matches(
            "flowc "
                + UnpackedDistribution.version().replace(".", "\\.")
                + " \\(commit ([0-9a-f]{7,}( with local changes)?|unknown)\\)\n");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void the_etl_sample_runs_from_the_unpacked_archive() throws Exception {
    Path samples = copyOfTheSamples();

    Result run = flowc.flowc(samples.resolve("etl"), "run", "pipeline.flow");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("run 1 (etl): complete, 5 complete")
        .contains("result of load: {\"table\":\"analytics.events\",\"rows_inserted\":300}")
        // Found on the PATH: the commands to type next say plain "flowc".
        .contains("inspect: flowc status 1");
    assertThat(samples.resolve("etl/.flowc/flowc.db")).isRegularFile();

    Result status = flowc.flowc(samples.resolve("etl"), "status", "1", "--format", "json");
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).containsPattern("\"status\": *\"complete\"");
  }

  @Test
  void check_finds_the_samples_handlers_and_reports_a_broken_file() throws Exception {
    Path samples = copyOfTheSamples();
    Files.writeString(
        work.resolve("broken.flow"),
        "pipeline p {\n  stage a { handler builtin.noop }\n  stage b after c { handler builtin.noop }\n}\n");

    Result good = flowc.flowc(work, "check", samples.resolve("etl/pipeline.flow").toString());
    Result broken = flowc.flowc(work, "check", "broken.flow");

    assertThat(good.exitCode()).as(good.out() + good.err()).isZero();
    assertThat(good.out()).contains("0 errors, 0 warnings in 1 file");
    assertThat(good.err()).contains("checking handlers with the classpath and modules of");
    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.out()).contains("broken.flow:3:").contains("error[FLOW");
  }

  @Test
  void compile_and_graph_run_without_a_store() throws Exception {
    Path samples = copyOfTheSamples();

    Result ir = flowc.flowc(samples.resolve("etl"), "compile", "pipeline.flow");
    Result graph =
        flowc.flowc(samples.resolve("etl"), "graph", "pipeline.flow", "--format", "mermaid");

    assertThat(ir.exitCode()).as(ir.err()).isZero();
    assertThat(ir.out()).contains("\"pipeline\"");
    assertThat(graph.exitCode()).as(graph.err()).isZero();
    assertThat(graph.out()).contains("extract_api");
  }

  @Test
  void the_first_command_leaves_a_class_data_sharing_archive_beside_the_jar() throws Exception {
    flowc.flowc(work, "--help");

    assertThat(flowc.home().resolve("lib/flowc.jsa")).isRegularFile();
  }

  @Test
  void a_read_only_installation_keeps_its_class_data_in_the_users_cache() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
    Path install = Files.createDirectories(work.resolve("opt"));
    UnpackedDistribution readOnly = UnpackedDistribution.unpack(install);
    readOnly.home().resolve("lib").toFile().setWritable(false);
    try {
      Path cache = Files.createDirectories(work.resolve("cache"));

      Result result = readOnly.flowc(work, Map.of("XDG_CACHE_HOME", cache.toString()), "--help");

      assertThat(result.exitCode()).isZero();
      try (Stream<Path> files = Files.list(cache.resolve("flowc"))) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .singleElement()
            .asString()
            .endsWith(".jsa");
      }
      assertThat(readOnly.home().resolve("lib/flowc.jsa")).doesNotExist();
    } finally {
      readOnly.home().resolve("lib").toFile().setWritable(true);
    }
  }

  @Test
  void without_java_flowc_says_so_in_one_line() throws Exception {
    // The system's tools have no java; without JAVA_HOME there is none.
    Result result =
        UnpackedDistribution.run(
            work,
            Map.of("PATH", flowc.home().resolve("bin") + ":" + UnpackedDistribution.systemPath()),
            List.of("bash", "-c", "flowc --version"));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "flowc: no Java runtime found: flowc needs Java 17 or newer (set JAVA_HOME or put"
                + " java on PATH)\n");
  }

  @Test
  void the_archive_carries_the_licence_notices_and_docs() throws Exception {
    Path home = flowc.home();

    assertThat(home.resolve("LICENSE")).content(UTF_8).contains("Apache License");
    assertThat(home.resolve("THIRD-PARTY.txt"))
        .content(UTF_8)
        .contains("com.google.inject:guice:")
        .contains("com.fasterxml.jackson.core:jackson-databind:")
        .contains("org.xerial:sqlite-jdbc:")
        .doesNotContain("dev.flowc:");
    assertThat(home.resolve("licenses/jackson-databind-jar/META-INF/NOTICE")).isRegularFile();
    assertThat(home.resolve("docs/cli.md")).isRegularFile();
    assertThat(home.resolve("docs/install.md")).isRegularFile();
    assertThat(home.resolve("README.md")).isRegularFile();
  }

  @Test
  void the_archive_carries_the_handler_authors_artifacts_as_a_maven_repository() throws Exception {
    String version = UnpackedDistribution.version();
    Path maven = flowc.home().resolve("maven/dev/flowc");

    for (String module :
        List.of("flowc-runtime", "flowc-dag", "flowc-compiler", "flowc-dsl-grammar")) {
      Path dir = maven.resolve(module).resolve(version);
      String base = module + "-" + version;
      assertThat(dir.resolve(base + ".jar")).isRegularFile();
      assertThat(dir.resolve(base + "-sources.jar")).isRegularFile();
      assertThat(dir.resolve(base + "-javadoc.jar")).isRegularFile();
      // Standalone: no parent to fetch, and what Maven Central requires of a pom.
      assertThat(dir.resolve(base + ".pom"))
          .content(UTF_8)
          .doesNotContain("<parent>")
          .contains("<licenses>", "<scm", "<developers>", "<url>", "<description>");
    }
    assertThat(maven.resolve("flowc-bom/" + version + "/flowc-bom-" + version + ".pom"))
        .content(UTF_8)
        .doesNotContain("<parent>")
        .contains("<artifactId>flowc-runtime</artifactId>")
        .contains("<artifactId>jackson-bom</artifactId>")
        .contains("<artifactId>guice</artifactId>");
    try (Stream<Path> files = Files.walk(maven)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.equals("_remote.repositories"))
          .noneMatch(name -> name.startsWith("maven-metadata-local"));
    }
  }

  @Test
  void the_bom_pins_the_versions_flowc_runs_handlers_with() throws Exception {
    String version = UnpackedDistribution.version();
    Path bom =
        flowc
            .home()
            .resolve("maven/dev/flowc/flowc-bom/" + version + "/flowc-bom-" + version + ".pom");
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(bom.toFile());
    Map<String, String> properties = new HashMap<>();
    NodeList declared = pom.getElementsByTagName("properties");
    if (declared.getLength() > 0) {
      NodeList children = declared.item(0).getChildNodes();
      for (int i = 0; i < children.getLength(); i++) {
        if (children.item(i) instanceof Element property) {
          properties.put(property.getTagName(), property.getTextContent().strip());
        }
      }
    }
    properties.put("project.version", version);
    Map<String, String> pinned = new HashMap<>();
    NodeList dependencies = pom.getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      String coordinates = text(dependency, "groupId") + ":" + text(dependency, "artifactId");
      String value = text(dependency, "version");
      for (Map.Entry<String, String> property : properties.entrySet()) {
        value = value.replace("${" + property.getKey() + "}", property.getValue());
      }
      pinned.put(coordinates, value);
    }
    // Jackson comes as jackson-bom: its version is the one of every Jackson module but annotations.
    String jackson = pinned.get("com.fasterxml.jackson:jackson-bom");
    pinned.put("com.fasterxml.jackson.core:jackson-databind", jackson);
    pinned.put("com.fasterxml.jackson.core:jackson-core", jackson);
    pinned.put("com.fasterxml.jackson.dataformat:jackson-dataformat-yaml", jackson);

    Map<String, String> bundled = new HashMap<>();
    try (ZipFile jar = new ZipFile(flowc.home().resolve("lib/flowc.jar").toFile())) {
      for (ZipEntry entry : Collections.list(jar.entries())) {
        if (entry.getName().startsWith("META-INF/maven/")
            && entry.getName().endsWith("/pom.properties")) {
          Properties built = new Properties();
          try (InputStream in = jar.getInputStream(entry)) {
            built.load(in);
          }
          bundled.put(
              built.getProperty("groupId") + ":" + built.getProperty("artifactId"),
              built.getProperty("version"));
        }
      }
    }

    List<String> checked = new ArrayList<>();
    pinned.forEach(
        (coordinates, pinnedVersion) -> {
          if (bundled.containsKey(coordinates)) {
            assertThat(pinnedVersion).as(coordinates).isEqualTo(bundled.get(coordinates));
            checked.add(coordinates);
          }
        });
    // Those whose jars say their version (Guice's, PostgreSQL's JDBC driver's and picocli's do
    // not).
    assertThat(checked)
        .contains(
            "dev.flowc:flowc-runtime",
            "com.google.guava:guava",
            "jakarta.inject:jakarta.inject-api",
            "org.slf4j:slf4j-api",
            "org.xerial:sqlite-jdbc",
            "com.zaxxer:HikariCP",
            "org.antlr:antlr4-runtime",
            "com.fasterxml.jackson.core:jackson-databind");
  }

  private static String text(Element element, String tag) {
    NodeList found = element.getElementsByTagName(tag);
    return found.getLength() == 0 ? "" : found.item(0).getTextContent().strip();
  }

  @Test
  void the_zip_holds_what_the_tar_holds() throws Exception {
    List<String> inTar;
    try (Stream<Path> files = Files.walk(flowc.home())) {
      inTar =
          files
              .filter(Files::isRegularFile)
              .map(p -> flowc.home().getParent().relativize(p).toString())
              .filter(name -> !name.endsWith(".jsa") && !name.contains("/.flowc/"))
              .sorted()
              .toList();
    }
    List<String> inZip;
    try (ZipFile zip = new ZipFile(System.getProperty("flowc.dist.zip"))) {
      inZip =
          Collections.list(zip.entries()).stream()
              .filter(entry -> !entry.isDirectory())
              .map(ZipEntry::getName)
              .sorted()
              .toList();
    }

    assertThat(inZip).isEqualTo(inTar);
  }

  /** The samples of the archive, copied so that each test has its own store. */
  private Path copyOfTheSamples() throws IOException {
    Path copy = work.resolve("samples");
    Path from = flowc.home().resolve("samples");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path to = copy.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    }
    return copy;
  }
}
