package dev.flowc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.cli.FlowcProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Guice module whose own code throws, in each of the three places a module's code runs: the real
 * {@code flowc} process says it in one line that names the module and what it threw, for {@code
 * check -cp} and for {@code run} (modules from {@code flowc.yaml}), and nothing that Guice logs
 * reaches the terminal.
 */
class ModuleFailuresIT {
  private static final String CONFIGURE_THROWS =
      """
      package com.example.broken;

      import com.google.inject.AbstractModule;

      public final class ConfigureThrows extends AbstractModule {
        @Override
        protected void configure() {
          throw new IllegalStateException("no warehouse URL in the environment");
        }
      }
      """;

  private static final String CONSTRUCTOR_THROWS =
      """
      package com.example.broken;

      import com.google.inject.AbstractModule;

      public final class ConstructorThrows extends AbstractModule {
        public ConstructorThrows() {
          throw new IllegalArgumentException("unknown region 'mars'");
        }

        @Override
        protected void configure() {}
      }
      """;

  private static final String STATIC_THROWS =
      """
      package com.example.broken;

      import com.google.inject.AbstractModule;

      public final class StaticThrows extends AbstractModule {
        static final int BATCH = Integer.parseInt("ten");

        @Override
        protected void configure() {}
      }
      """;

  private static final String PIPELINE = "pipeline p {\n  stage a { handler builtin.noop }\n}\n";

  @TempDir static Path dir;

  @BeforeAll
  static void compileModules() throws Exception {
    JavaClasses.compile(
        dir.resolve("classes"), List.of(CONFIGURE_THROWS, CONSTRUCTOR_THROWS, STATIC_THROWS));
    Files.writeString(dir.resolve("p.flow"), PIPELINE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ConfigureThrows   | failed in configure(): IllegalStateException: no warehouse URL in the"
            + " environment",
        "ConstructorThrows | failed in its constructor: IllegalArgumentException: unknown region"
            + " 'mars'",
        "StaticThrows      | failed in its static initializer: NumberFormatException: For input"
            + " string: \"ten\""
      })
  void check_names_the_module_and_what_its_code_threw_in_one_line(String module, String reason)
      throws Exception {
    Result check =
        new FlowcProcess(dir)
            .run("check", "-cp", "classes", "--module", "com.example.broken." + module, "p.flow");

    assertThat(check.err())
        .isEqualTo(
            "flowc: cannot load handlers: module 'com.example.broken.%s' %s\n"
                .formatted(module, reason));
    assertThat(check.out()).isEmpty();
    assertThat(check.exitCode()).isEqualTo(2);
    check.hasNoStackTrace();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ConfigureThrows   | failed in configure(): IllegalStateException: no warehouse URL in the"
            + " environment",
        "ConstructorThrows | failed in its constructor: IllegalArgumentException: unknown region"
            + " 'mars'",
        "StaticThrows      | failed in its static initializer: NumberFormatException: For input"
            + " string: \"ten\""
      })
  void run_with_the_module_in_flowc_yaml_says_the_same_line(String module, String reason)
      throws Exception {
    Path project = Files.createDirectories(dir.resolve("run-" + module));
    Files.writeString(project.resolve("p.flow"), PIPELINE);
    Files.writeString(
        project.resolve("flowc.yaml"),
        "classpath: [../classes]\nmodules: [com.example.broken.%s]\n".formatted(module));

    Result run = new FlowcProcess(project).run("run", "p.flow", "--store", "flowc.db");

    assertThat(run.err())
        .isEqualTo(
            "flowc: cannot load handlers: module 'com.example.broken.%s' %s\n"
                .formatted(module, reason));
    assertThat(run.out()).isEmpty();
    assertThat(run.exitCode()).isEqualTo(2);
    run.hasNoStackTrace();
  }

  @Test
  void with_debug_the_stack_trace_of_what_the_module_threw_is_shown() throws Exception {
    Result check =
        new FlowcProcess(dir)
            .run(
                "--debug",
                "check",
                "-cp",
                "classes",
                "--module",
                "com.example.broken.ConfigureThrows",
                "p.flow");

    assertThat(check.exitCode()).isEqualTo(2);
    assertThat(check.err())
        .startsWith("flowc: cannot load handlers: module 'com.example.broken.ConfigureThrows'")
        .contains("at com.example.broken.ConfigureThrows.configure");
  }
}
