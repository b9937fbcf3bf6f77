package dev.flowc.runtime.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of the test classpath: its stdout read line by line (so a test
 * can wait for a line with a deadline), its stderr kept in a file for failure messages.
 */
final class ChildJvm implements AutoCloseable {
  private static final String EOF = "\u0000eof";

  private final String name;
  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private ChildJvm(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // The process died: what it printed so far is in the queue.
              } finally {
                lines.add(EOF);
              }
            },
            "stdout-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code java -cp <this JVM's classpath> main args}, short-lived settings (serial GC, C1
   * only), in {@code directory}, where its stderr goes to {@code NAME.err}.
   */
  static ChildJvm start(Path directory, String name, Class<?> main, String... args)
      throws IOException {
    return startWith(List.of(), directory, name, main, args);
  }

  /**
   * As {@link #start}, under {@code prefix}: {@code ip netns exec NAME}, say, to run it on another
   * "machine".
   */
  static ChildJvm startWith(
      List<String> prefix, Path directory, String name, Class<?> main, String... args)
      throws IOException {
    return startWith(prefix, Map.of(), List.of(), directory, name, main, args);
  }

  /**
   * As {@link #startWith(List, Path, String, Class, String...)}, with {@code environment} added to
   * this JVM's and {@code jvmOptions} after the short-lived settings.
   */
  static ChildJvm startWith(
      List<String> prefix,
      Map<String, String> environment,
      List<String> jvmOptions,
      Path directory,
      String name,
      Class<?> main,
      String... args)
      throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Xmx256m");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    Path stderr = directory.resolve(name + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(directory.toFile()).redirectError(stderr.toFile());
    builder.environment().putAll(environment);
    return new ChildJvm(name, builder.start(), stderr);
  }

  /**
   * Waits for the next line of stdout that starts with {@code prefix} and returns the rest of it.
   *
   * @throws AssertionError when the process ends or the time is up first
   */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError(
            "%s printed no line starting with '%s' within %s%s"
                .formatted(name, prefix, timeout, details()));
      }
      if (line.equals(EOF)) {
        lines.add(EOF);
        throw new AssertionError(
            "%s ended before printing a line starting with '%s'%s"
                .formatted(name, prefix, details()));
      }
      seen.add(line);
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).strip();
      }
    }
  }

  /**
   * Whether a line of stdout printed so far starts with {@code prefix}, without waiting; the lines
   * it reads are no longer there for {@link #awaitLine}.
   */
  boolean printed(String prefix) {
    String line;
    while ((line = lines.peek()) != null && !line.equals(EOF)) {
      seen.add(lines.poll());
    }
    return seen.stream().anyMatch(printed -> printed.startsWith(prefix));
  }

  /** Writes a line to the process's stdin. */
  void send(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(UTF_8));
    in.flush();
  }

  /**
   * Waits for the process to exit.
   *
   * @return its exit code
   * @throws AssertionError when it is still running after {@code timeout}
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("%s still runs after %s%s".formatted(name, timeout, details()));
    }
    return process.exitValue();
  }

  /** Kills the process at once (SIGKILL on Unix), as a crash or an OOM killer would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " survived SIGKILL for 30 s");
    }
  }

  /** What the process printed so far, for failure messages. */
  String details() {
    String errors;
    try {
      errors = Files.exists(stderr) ? Files.readString(stderr, UTF_8) : "";
    } catch (IOException e) {
      errors = "(stderr unreadable: " + e + ")";
    }
    return "\n--- %s stdout so far:\n%s\n--- %s stderr:\n%s"
        .formatted(name, String.join("\n", seen), name, errors);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
