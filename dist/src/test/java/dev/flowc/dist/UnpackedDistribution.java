package dev.flowc.dist;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The distribution archive that the build made, unpacked into a directory of its own, and its
 * {@code bin/flowc} run as a user would: a separate process whose PATH has the distribution's bin/
 * and the system's tools, but neither the repository nor Maven.
 */
final class UnpackedDistribution {
  /** What a command printed and how it ended. */
  record Result(int exitCode, String out, String err) {}

  private final Path home;

  private UnpackedDistribution(Path home) {
    this.home = home;
  }

  /** Unpacks the tar.gz the build made ({@code flowc.dist.archive}) into {@code directory}. */
  static UnpackedDistribution unpack(Path directory) throws IOException, InterruptedException {
    Path archive = Path.of(System.getProperty("flowc.dist.archive"));
    Result untar =
        run(
            directory,
            Map.of(),
            List.of("tar", "xzf", archive.toString(), "-C", directory.toString()));
    if (untar.exitCode() != 0) {
      throw new IOException("tar failed: " + untar.err());
    }
    return new UnpackedDistribution(directory.resolve("flowc-" + version()));
  }

  /** The project's version, which names the archive and its top directory. */
  static String version() {
    return System.getProperty("flowc.version");
  }

  /** The top directory of the unpacked archive. */
  Path home() {
    return home;
  }

  /** Runs {@code flowc ARGS} in {@code directory}, found on the PATH. */
  Result flowc(Path directory, String... args) throws IOException, InterruptedException {
    return flowc(directory, Map.of(), args);
  }

  /** Runs {@code flowc ARGS} in {@code directory} with {@code environment} added. */
  Result flowc(Path directory, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    // bash looks flowc up on the PATH given here (Java would look on its own).
    List<String> command = new ArrayList<>(List.of("bash", "-c", "exec flowc \"$@\"", "flowc"));
    command.addAll(List.of(args));
    return run(directory, withPath(environment), command);
  }

  /** Runs a shell command line in {@code directory}, flowc on the PATH. */
  Result shell(Path directory, Map<String, String> environment, String commandLine)
      throws IOException, InterruptedException {
    return run(directory, withPath(environment), List.of("bash", "-c", commandLine));
  }

  private Map<String, String> withPath(Map<String, String> environment) throws IOException {
    Map<String, String> all = new HashMap<>();
    all.put("PATH", home.resolve("bin") + File.pathSeparator + systemPath());
    all.put("JAVA_HOME", System.getProperty("java.home"));
    all.putAll(environment);
    return all;
  }

  /** The commands a user's machine has that bin/flowc and the CI script use. */
  private static final List<String> TOOLS =
      List.of(
          "bash",
          "sh",
          "env",
          "dirname",
          "readlink",
          "basename",
          "cksum",
          "cut",
          "mkdir",
          "rm",
          "mv",
          "cp",
          "cat",
          "tar",
          "gzip",
          "mktemp",
          "curl",
          "wget",
          "sed",
          "grep",
          "ls",
          "tr");

  private static Path systemTools;

  /**
   * A PATH with the system's tools (bash, tar, curl, coreutils) but neither Maven, nor java (flowc
   * gets JAVA_HOME), nor the repository's launcher: a directory of links to those tools, since
   * Maven may live in /usr/bin beside them.
   */
  static synchronized String systemPath() throws IOException {
    if (systemTools == null) {
      Path dir = Path.of("target/system-tools").toAbsolutePath();
      Files.createDirectories(dir);
      for (String tool : TOOLS) {
        Path link = dir.resolve(tool);
        if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        for (String entry : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
          Path found = Path.of(entry.isEmpty() ? "." : entry).resolve(tool);
          if (Files.isExecutable(found)) {
            Files.createSymbolicLink(link, found.toAbsolutePath());
            break;
          }
        }
      }
      systemTools = dir;
    }
    return systemTools.toString();
  }

  /** Runs {@code command} with exactly {@code environment} plus HOME and the locale. */
  static Result run(Path directory, Map<String, String> environment, List<String> command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("flowc-dist-out", ".txt");
    Path err = Files.createTempFile("flowc-dist-err", ".txt");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      Map<String, String> env = builder.environment();
      String home = env.get("HOME");
      env.clear();
      if (home != null) {
        env.put("HOME", home);
      }
      env.put("LANG", "C.UTF-8");
      env.putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(command + " did not finish in 3 minutes");
      }
      return new Result(
          process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
