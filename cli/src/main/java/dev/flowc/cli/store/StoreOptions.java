package dev.flowc.cli.store;

import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import picocli.CommandLine.Option;

/** {@code --store S}: the store of every command that touches one, over flowc.yaml's. */
public final class StoreOptions {
  @Option(
      names = "--store",
      paramLabel = "STORE",
      description =
          "The store: a SQLite file (created on first use) or a jdbc:postgresql:// URL"
              + " (default: 'store' of flowc.yaml, else .flowc/flowc.db).")
  String store;

  /** {@code config} with the store given on the command line, if any. */
  public FlowcConfig apply(FlowcConfig config, ConfigLoader loader) {
    return store == null ? config : config.withStore(loader.resolveStore(store));
  }
}
