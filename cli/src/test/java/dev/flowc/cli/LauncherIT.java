package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code flowc} launcher script, installed with the packaged jar in a directory of its own: the
 * commands flowc prints for the user to type next start the way the user ran it.
 */
class LauncherIT {
  @TempDir static Path install;

  @BeforeAll
  static void installTheLauncher() throws Exception {
    assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "the launcher is bash");
    Path script = repositoryRoot().resolve("flowc");
    Files.copy(script, install.resolve("flowc"));
    install.resolve("flowc").toFile().setExecutable(true);
    // The launcher starts Java through the distribution's script, which it sources from here.
    Path started = Files.createDirectories(install.resolve("dist/src/bin")).resolve("flowc");
    Files.copy(repositoryRoot().resolve("dist/src/bin/flowc"), started);
    Path jar = Files.createDirectories(install.resolve("cli/target")).resolve("flowc.jar");
    Files.copy(Path.of(System.getProperty("flowc.jar")), jar, StandardCopyOption.COPY_ATTRIBUTES);
    // Present and fresh, so that the launcher does not try to build (there are no sources here).
    Files.createDirectories(install.resolve("samples/target"));
    Files.writeString(install.resolve("samples/target/flowc-samples.jar"), "");
    Files.writeString(
        install.resolve("p.flow"), "pipeline p {\n  stage a { handler builtin.noop }\n}\n");
    Files.createDirectories(install.resolve("work"));
  }

  @Test
  void run_as_dot_slash_flowc_the_hints_say_dot_slash_flowc() throws Exception {
    String out = bash(install, "./flowc submit p.flow --store a.db");

    assertThat(out).contains("inspect it: ./flowc status 1 ").contains("(or: ./flowc resume 1 ");
  }

  @Test
  void run_by_a_relative_path_the_hints_say_that_path() throws Exception {
    String out = bash(install.resolve("work"), "../flowc submit ../p.flow --store b.db");

    assertThat(out).contains("inspect it: ../flowc status 1 ");
  }

  @Test
  void found_on_the_path_the_hints_say_flowc() throws Exception {
    String out = bash(install.resolve("work"), "PATH=\"$INSTALL:$PATH\" flowc submit ../p.flow");

    assertThat(out).contains("inspect it: flowc status 1");
  }

  /** Runs {@code command} with bash in {@code directory}; returns stdout and stderr. */
  private static String bash(Path directory, String command) throws Exception {
    Path output = Files.createTempFile(install, "out", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().put("INSTALL", install.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(command + " did not finish in time");
    }
    String text = Files.readString(output, UTF_8);
    assertThat(process.exitValue()).as(text).isZero();
    return text;
  }

  private static Path repositoryRoot() {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      if (Files.isRegularFile(at.resolve("flowc")) && Files.isDirectory(at.resolve("cli"))) {
        return at;
      }
    }
    throw new AssertionError("the flowc launcher not found above " + Path.of("").toAbsolutePath());
  }
}
