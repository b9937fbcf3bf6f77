package dev.flowc.cli;

import java.io.IOException;
import java.nio.file.Path;

/** {@link FlowcProcess} for the tests of other packages. */
public final class FlowcProcessAccess {
  /** What one process printed and how it exited. */
  public record Outcome(int exitCode, String out, String err) {}

  /** A child process left running. */
  public record Started(FlowcProcess.Started started) {
    public Process process() {
      return started.process();
    }

    public String out() throws IOException {
      return started.out();
    }

    public String err() throws IOException {
      return started.err();
    }

    public int awaitExit() throws InterruptedException {
      return started.awaitExit();
    }
  }

  private final FlowcProcess process;
  private final Path directory;

  /** Runs the packaged jar in {@code directory}. */
  public FlowcProcessAccess(Path directory) {
    this.process = new FlowcProcess(directory);
    this.directory = directory;
  }

  public Outcome run(String... args) throws IOException, InterruptedException {
    FlowcProcess.Result result = process.run(args);
    return new Outcome(result.exitCode(), result.out(), result.err());
  }

  public Started start(String... args) throws IOException {
    return new Started(process.start(directory, args));
  }
}
