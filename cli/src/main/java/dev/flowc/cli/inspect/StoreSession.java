package dev.flowc.cli.inspect;

import dev.flowc.cli.ExitCode;
import dev.flowc.cli.UserException;
import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import dev.flowc.cli.store.RuntimeFactory;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobView;
import dev.flowc.runtime.RunView;

/** The store an inspecting command reads: flowc.yaml of the working directory, then --store. */
record StoreSession(FlowRuntime runtime, String shown) implements AutoCloseable {

  /**
   * Opens the store read-only: it must exist (exit 2 when it does not, 3 when it cannot be opened),
   * and nothing is created, migrated or written.
   */
  static StoreSession open(StoreOptions options) {
    return open(options, RuntimeFactory.Use.READ);
  }

  /** Opens the store to change what it holds; it must exist (exit 2 or 3 as for {@link #open}). */
  static StoreSession openForWriting(StoreOptions options) {
    return open(options, RuntimeFactory.Use.EXISTING);
  }

  private static StoreSession open(StoreOptions options, RuntimeFactory.Use use) {
    ConfigLoader loader = ConfigLoader.inWorkingDirectory();
    FlowcConfig config = options.apply(loader.forWorkingDirectory(), loader);
    FlowRuntime runtime = RuntimeFactory.open(config, null, use, loader, options.notices());
    return new StoreSession(runtime, RuntimeFactory.shown(config, loader));
  }

  /** The run {@code runId}; exit 2 when the store has none. */
  RunView run(long runId) {
    return runtime.run(runId).orElseThrow(() -> missing("run", runId));
  }

  /** The job {@code jobId}; exit 2 when the store has none. */
  JobView job(long jobId) {
    return runtime.job(jobId).orElseThrow(() -> missing("job", jobId));
  }

  /** Exit 2: {@code no job 4 in store '.flowc/flowc.db'}. */
  UserException missing(String what, long id) {
    return new UserException(ExitCode.USAGE, "no %s %d in store '%s'".formatted(what, id, shown));
  }

  @Override
  public void close() {
    runtime.close();
  }
}
