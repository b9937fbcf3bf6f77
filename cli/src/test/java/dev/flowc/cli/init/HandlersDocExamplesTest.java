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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/handlers.md: its Java examples compile against flowc's API, and those that show the project
 * {@code flowc init handlers my-etl --package com.example.etl} makes are that project's files.
 */
class HandlersDocExamplesTest {
  // The working directory of the tests is cli/.
  private static final Path DOC = Path.of("..", "docs", "handlers.md");
  private static final Pattern BLOCK = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```$");
  private static final Pattern TYPE =
      Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?(?:class|record|interface)\\s+(\\w+)");

  @TempDir Path dir;

  private static List<String> blocks(String language) throws IOException {
    List<String> blocks = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(Files.readString(DOC, UTF_8));
    while (matcher.find()) {
      if (matcher.group(1).equals(language)) {
        blocks.add(matcher.group(2));
      }
    }
    return blocks;
  }

  @Test
  void the_examples_of_the_project_are_the_files_init_makes() throws IOException {
    Path project = dir.resolve("my-etl");
    FlowcRun init =
        FlowcRun.of("init", "handlers", project.toString(), "--package", "com.example.etl");
    assertThat(init.exitCode()).as(init.err()).isZero();
    Path sources = project.resolve("src/main/java/com/example/etl");

    assertThat(blocks("java"))
        .contains(
            Files.readString(sources.resolve("Greet.java")),
            Files.readString(sources.resolve("EtlModule.java")),
            Files.readString(project.resolve("src/test/java/com/example/etl/PipelineTest.java")));
    assertThat(blocks("flow")).contains(Files.readString(project.resolve("pipeline.flow")));
    assertThat(blocks("yaml")).contains(Files.readString(project.resolve("flowc.yaml")));
  }

  @Test
  void every_java_example_compiles_against_flowcs_api_without_warnings() throws IOException {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "-d",
                Files.createDirectories(dir.resolve("classes")).toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                "-proc:none",
                // -path: cron-utils's manifest names a jar Maven never puts beside it (see the
                // parent pom).
                "-Xlint:all,-processing,-serial,-path",
                "-Werror"));
    List<String> examples = blocks("java");
    assertThat(examples).hasSizeGreaterThan(5);
    for (String example : examples) {
      Matcher type = TYPE.matcher(example);
      assertThat(type.find()).as("a top-level type in:\n" + example).isTrue();
      Path file = dir.resolve("sources").resolve(type.group(1) + ".java");
      assertThat(file).as("two examples define " + type.group(1)).doesNotExist();
      Files.createDirectories(file.getParent());
      Files.writeString(file, example, UTF_8);
      arguments.add(file.toString());
    }
    ByteArrayOutputStream errors = new ByteArrayOutputStream();

    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(null, errors, errors, arguments.toArray(String[]::new));

    assertThat(status).as(errors.toString(UTF_8)).isZero();
  }
}
