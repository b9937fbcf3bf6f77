package dev.flowc.cli.inspect;

import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import dev.flowc.cli.store.RuntimeFactory;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.runtime.FlowRuntime;

/** The store an inspecting command reads: flowc.yaml of the working directory, then --store. */
record StoreSession(FlowRuntime runtime, String shown) implements AutoCloseable {

  /** Opens the store, which must exist (exit 2 when it does not, 3 when it cannot be opened). */
  static StoreSession open(StoreOptions options) {
    ConfigLoader loader = ConfigLoader.inWorkingDirectory();
    FlowcConfig config = options.apply(loader.forWorkingDirectory(), loader);
    FlowRuntime runtime = RuntimeFactory.open(config, null, RuntimeFactory.Use.EXISTING, loader);
    return new StoreSession(runtime, RuntimeFactory.shown(config, loader));
  }

  @Override
  public void close() {
    runtime.close();
  }
}
