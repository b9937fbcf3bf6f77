package dev.flowc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link BenchProcess} in a new JVM: the same {@code java}, JVM options and class path as this
 * one, so a measurement starts cold, as a user's application does, and its memory is its own. Its
 * stderr goes to ours; its stdout carries {@code ready} and {@code result} lines.
 */
final class ChildJvm implements AutoCloseable {
  // Stopped when the bench stops (Ctrl-C, kill), so no worker JVM outlives it.
  private static final java.util.Set<Process> LIVE =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(Process::destroyForcibly), "flowc-bench-children"));
  }

  private final Process process;
  private final BufferedReader out;
  private final String what;

  private ChildJvm(Process process, String what) {
    this.process = process;
    this.what = what;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts {@code BenchProcess args...}. */
  static ChildJvm start(List<String> args) {
    return start(List.of(), args);
  }

  /** Starts {@code BenchProcess args...} with more JVM options (after this JVM's: they win). */
  static ChildJvm start(List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // A debugger or agent port cannot be shared with the child; a class data archive being
      // written at exit (the launcher's first run) is this JVM's to write.
      if (!option.startsWith("-agentlib")
          && !option.startsWith("-javaagent")
          && !option.startsWith("-XX:ArchiveClassesAtExit")) {
        command.add(option);
      }
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchProcess.class.getName());
    command.addAll(args);
    try {
      Process process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      LIVE.add(process);
      process.onExit().thenRun(() -> LIVE.remove(process));
      return new ChildJvm(process, args.get(0)); // not the arguments: a URL may hold a password
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a JVM for '%s'".formatted(args.get(0)), e);
    }
  }

  /** Waits for the {@code ready} line of a worker. */
  void awaitReady() throws IOException {
    String line;
    while ((line = out.readLine()) != null) {
      if (line.equals(BenchProcess.READY)) {
        return;
      }
    }
    throw new IllegalStateException(
        "the process of '%s' ended before it was ready".formatted(what));
  }

  /** Closes the child's stdin: a worker stops. */
  void stop() throws IOException {
    process.getOutputStream().close();
  }

  /** Waits for the {@code result} line and the end of the process. */
  JsonNode result(Duration timeout) throws IOException, InterruptedException, TimeoutException {
    JsonNode result = null;
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith(BenchProcess.RESULT)) {
        result = new ObjectMapper().readTree(line.substring(BenchProcess.RESULT.length()));
      }
    }
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new TimeoutException("'%s' did not end within %s".formatted(what, timeout));
    }
    if (process.exitValue() != 0 || result == null) {
      throw new IllegalStateException(
          "'%s' failed (exit %d); its error is above".formatted(what, process.exitValue()));
    }
    return result;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
