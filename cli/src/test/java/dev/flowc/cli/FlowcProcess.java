package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code flowc.jar} (system property {@code flowc.jar}) as a child process, with
 * a class data sharing archive as the launcher does (see {@link #classDataArchive}).
 */
final class FlowcProcess {
  private static final long TIMEOUT_SECONDS = 60;

  /** The archive's options; its warnings (an archive that does not fit) stay off stdout. */
  private static final List<String> QUIET_CDS = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

  private static Optional<Path> archive;

  /** What one process printed and how it exited. */
  record Result(int exitCode, byte[] stdout, byte[] stderr) {
    String out() {
      return new String(stdout, UTF_8);
    }

    String err() {
      return new String(stderr, UTF_8);
    }

    /** Asserts the output has none of the marks of a Java stack trace. */
    Result hasNoStackTrace() {
      for (String text : List.of(out(), err())) {
        assertThat(text)
            .doesNotContain("Exception in thread")
            .doesNotContain("at dev.")
            .doesNotContain("\tat ")
            .doesNotContain("Caused by:");
      }
      return this;
    }
  }

  private final Path jar;
  private final Path directory;

  /**
   * @param directory the working directory of every run
   */
  FlowcProcess(Path directory) {
    String property = System.getProperty("flowc.jar");
    assertThat(property).as("system property flowc.jar (set by failsafe)").isNotNull();
    this.jar = Path.of(property);
    assertThat(jar).as("the packaged jar").isRegularFile();
    this.directory = directory;
  }

  Result run(String... args) throws IOException, InterruptedException {
    return run(List.of(), args);
  }

  /** Runs {@code java [jvmOptions] -jar flowc.jar args}; stdin is empty. */
  Result run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
    return run(java.util.Map.of(), jvmOptions, args);
  }

  /**
   * Runs {@code java [jvmOptions] -jar flowc.jar args} with {@code environment} over this process's
   * (a null value removes the variable); stdin is empty.
   */
  Result run(java.util.Map<String, String> environment, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // As the ./flowc launcher starts it: a short-lived command needs no optimizing compiler.
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(classDataSharing(jar));
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile("flowc-stdout", ".bin");
    Path stderr = Files.createTempFile("flowc-stderr", ".bin");
    try {
      // Files rather than pipes: the child never blocks on a full pipe while the test waits.
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile());
      environment.forEach(
          (name, value) -> {
            if (value == null) {
              builder.environment().remove(name);
            } else {
              builder.environment().put(name, value);
            }
          });
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("flowc " + String.join(" ", args) + " did not finish in time");
      }
      return new Result(
          process.exitValue(), Files.readAllBytes(stdout), Files.readAllBytes(stderr));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  /** A child process left running: for commands that run until stopped. */
  record Started(Process process, Path stdout, Path stderr) {
    String out() throws IOException {
      return Files.readString(stdout, UTF_8);
    }

    String err() throws IOException {
      return Files.readString(stderr, UTF_8);
    }

    /** Waits for the process to exit (a minute at most) and returns its exit code. */
    int awaitExit() throws InterruptedException {
      return awaitExit(TIMEOUT_SECONDS);
    }

    /** Waits for the process to exit ({@code seconds} at most) and returns its exit code. */
    int awaitExit(long seconds) throws InterruptedException {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("flowc did not exit in time");
      }
      return process.exitValue();
    }
  }

  /**
   * Starts {@code java -jar flowc.jar args} as the launcher starts long-running commands, its
   * output going to files in {@code outputs}; the caller stops it.
   */
  Started start(Path outputs, String... args) throws IOException {
    return start(outputs, java.util.Map.of(), args);
  }

  /** As {@link #start(Path, String...)}, with {@code environment} over this process's. */
  Started start(Path outputs, java.util.Map<String, String> environment, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    command.addAll(classDataSharing(jar));
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(outputs, "flowc-stdout", ".txt");
    Path stderr = Files.createTempFile(outputs, "flowc-stderr", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    return new Started(process, stdout, stderr);
  }

  /** The options that map {@link #classDataArchive}, or none when there is none. */
  private static List<String> classDataSharing(Path jar) {
    return classDataArchive(jar)
        .map(
            file -> {
              List<String> options = new ArrayList<>(QUIET_CDS);
              options.add("-XX:SharedArchiveFile=" + file);
              return options;
            })
        .orElse(List.of());
  }

  /**
   * The class data sharing archive of {@code jar}, beside it, as the launcher keeps one: the
   * classes a first {@code flowc run} of a small pipeline loads, mapped by every later process,
   * which then starts about 0.5 s sooner (the cli's integration tests start hundreds). Made once
   * per build, by whichever test JVM (failsafe runs two) asks first, under a file lock; empty when
   * it cannot be made, and the processes start without it.
   */
  static synchronized Optional<Path> classDataArchive(Path jar) {
    if (archive == null) {
      archive = makeArchive(jar);
    }
    return archive;
  }

  private static Optional<Path> makeArchive(Path jar) {
    Path file = jar.resolveSibling("flowc-tests.jsa");
    try (FileChannel lockFile =
            FileChannel.open(
                jar.resolveSibling("flowc-tests.jsa.lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      if (Files.isRegularFile(file)
          && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(jar)) > 0) {
        return Optional.of(file);
      }
      Path work = Files.createTempDirectory("flowc-cds");
      try {
        Files.writeString(
            work.resolve("p.flow"),
            "pipeline p {\n  stage a { handler builtin.echo input { x: 1 } }\n"
                + "  stage b after a { handler builtin.noop }\n}\n",
            UTF_8);
        Path made = work.resolve("flowc.jsa");
        List<String> command =
            new ArrayList<>(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:ArchiveClassesAtExit=" + made));
        command.addAll(QUIET_CDS);
        command.addAll(List.of("-jar", jar.toString(), "run", "p.flow", "--store", "flowc.db"));
        Process process =
            new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
        if (!Files.isRegularFile(made) || Files.size(made) == 0) {
          return Optional.empty();
        }
        Files.move(made, file, StandardCopyOption.REPLACE_EXISTING);
        return Optional.of(file);
      } finally {
        try (var paths = Files.walk(work)) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the class data archive of " + jar, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static File nullDevice() {
    return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
