package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test processes' class data sharing archive changes nothing they print. */
class FlowcProcessIT {
  @TempDir Path dir;

  @Test
  void the_archive_is_made_beside_the_jar_and_newer_than_it() throws Exception {
    Path jar = Path.of(System.getProperty("flowc.jar"));

    Path archive = FlowcProcess.classDataArchive(jar).orElseThrow();

    assertThat(archive.getParent()).isEqualTo(jar.getParent());
    assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(Files.getLastModifiedTime(jar));
  }

  @Test
  void a_process_with_the_archive_prints_what_one_without_it_prints() throws Exception {
    Files.writeString(
        dir.resolve("p.flow"),
        "pipeline p {\n  stage a { handler builtin.echo input { x: 1 } }\n  stage b { handler }\n}\n",
        UTF_8);
    FlowcProcess.Result with = new FlowcProcess(dir).run("check", "p.flow");
    FlowcProcess.Result without = plain("check", "p.flow");

    assertThat(with.exitCode()).isEqualTo(without.exitCode()).isEqualTo(1);
    assertThat(with.out()).isEqualTo(without.out()).contains("error[");
    assertThat(with.err()).isEqualTo(without.err());
  }

  /** {@code flowc args} as FlowcProcess ran it before it had an archive. */
  private FlowcProcess.Result plain(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                System.getProperty("flowc.jar")));
    command.addAll(List.of(args));
    Path out = dir.resolve("plain-out");
    Path err = dir.resolve("plain-err");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new FlowcProcess.Result(
        process.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
  }
}
