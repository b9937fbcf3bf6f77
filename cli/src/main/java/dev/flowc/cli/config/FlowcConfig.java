package dev.flowc.cli.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of {@code flowc.yaml}, paths resolved: what {@link ConfigLoader} read, or the
 * defaults when there is no file. Command-line options are applied with the {@code with...}
 * methods.
 *
 * @param file the {@code flowc.yaml} read (absolute), or {@code null} when none was found
 * @param store the store: an absolute SQLite file path, or a URL as written
 * @param workers how many jobs a worker of {@code run}, {@code resume} or {@code worker} runs at
 *     once
 * @param classpath where handler classes are: absolute directories and jars; an entry whose name is
 *     {@code *} stands for every jar in its directory ({@code /app/lib/*})
 * @param modules the Guice module classes that bind handlers
 * @param params values for the pipeline's params, as text (as after {@code --param NAME=})
 * @param lockTimeout how long a store operation waits for a lock another process holds
 * @param prefetch how many claimed jobs a worker may hold beyond its free threads, or {@code null}
 *     for the runtime's default
 * @param passwordFile a file whose first line is the PostgreSQL store's password (absolute), or
 *     {@code null}
 * @param retention what {@code flowc worker} removes in the background ({@code retention:}), or
 *     {@code null} for nothing
 * @param reconnectTimeout how long a PostgreSQL store is retried while out of reach, and a worker's
 *     claims while they fail, before giving up
 */
public record FlowcConfig(
    Path file,
    String store,
    int workers,
    List<Path> classpath,
    List<String> modules,
    Map<String, String> params,
    Duration lockTimeout,
    Integer prefetch,
    Path passwordFile,
    dev.flowc.runtime.Retention retention,
    Duration reconnectTimeout) {

  /** The name of the file {@link ConfigLoader} looks for. */
  public static final String FILE_NAME = "flowc.yaml";

  /** The store, relative to the working directory, when neither the config nor --store sets it. */
  public static final String DEFAULT_STORE = ".flowc/flowc.db";

  /** Workers when neither the config nor --workers sets them. */
  public static final int DEFAULT_WORKERS = 4;

  /** How long a store operation waits for another process's lock, unless configured. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);

  /** How long a store out of reach is retried, unless configured. */
  public static final Duration DEFAULT_RECONNECT_TIMEOUT =
      dev.flowc.runtime.store.StoreOptions.DEFAULT_RECONNECT_TIMEOUT;

  public FlowcConfig {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(lockTimeout, "lockTimeout");
    Objects.requireNonNull(reconnectTimeout, "reconnectTimeout");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1: " + workers);
    }
    if (prefetch != null && prefetch < 0) {
      throw new IllegalArgumentException("prefetch must not be negative: " + prefetch);
    }
    classpath = List.copyOf(classpath);
    modules = List.copyOf(modules);
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** Whether the store is a URL ({@link dev.flowc.cli.store.StoreText}) rather than a file. */
  public boolean storeIsUrl() {
    return dev.flowc.cli.store.StoreText.isUrl(store);
  }

  /** The SQLite file of the store; only when {@link #storeIsUrl()} is false. */
  public Path storeFile() {
    if (storeIsUrl()) {
      throw new IllegalStateException("the store is a URL: " + store);
    }
    return Path.of(store);
  }

  /** This config with another store (an absolute path or a URL). */
  public FlowcConfig withStore(String store) {
    return new FlowcConfig(
        file,
        store,
        workers,
        classpath,
        modules,
        params,
        lockTimeout,
        prefetch,
        passwordFile,
        retention,
        reconnectTimeout);
  }

  /** This config with another number of workers. */
  public FlowcConfig withWorkers(int workers) {
    return new FlowcConfig(
        file,
        store,
        workers,
        classpath,
        modules,
        params,
        lockTimeout,
        prefetch,
        passwordFile,
        retention,
        reconnectTimeout);
  }

  /** This config with another classpath (absolute paths), replacing the configured one. */
  public FlowcConfig withClasspath(List<Path> classpath) {
    return new FlowcConfig(
        file,
        store,
        workers,
        classpath,
        modules,
        params,
        lockTimeout,
        prefetch,
        passwordFile,
        retention,
        reconnectTimeout);
  }

  /** This config with other Guice modules, replacing the configured ones. */
  public FlowcConfig withModules(List<String> modules) {
    return new FlowcConfig(
        file,
        store,
        workers,
        classpath,
        modules,
        params,
        lockTimeout,
        prefetch,
        passwordFile,
        retention,
        reconnectTimeout);
  }

  /** This config with another prefetch. */
  public FlowcConfig withPrefetch(int prefetch) {
    return new FlowcConfig(
        file,
        store,
        workers,
        classpath,
        modules,
        params,
        lockTimeout,
        prefetch,
        passwordFile,
        retention,
        reconnectTimeout);
  }

  /** This config with another lock timeout. */
  public FlowcConfig withLockTimeout(Duration lockTimeout) {
    return new FlowcConfig(
        file,
        store,
        workers,
        classpath,
        modules,
        params,
        lockTimeout,
        prefetch,
        passwordFile,
        retention,
        reconnectTimeout);
  }

  /** This config with another reconnect timeout. */
  public FlowcConfig withReconnectTimeout(Duration reconnectTimeout) {
    return new FlowcConfig(
        file,
        store,
        workers,
        classpath,
        modules,
        params,
        lockTimeout,
        prefetch,
        passwordFile,
        retention,
        reconnectTimeout);
  }

  /** This config with another password file (absolute). */
  public FlowcConfig withPasswordFile(Path passwordFile) {
    return new FlowcConfig(
        file,
        store,
        workers,
        classpath,
        modules,
        params,
        lockTimeout,
        prefetch,
        passwordFile,
        retention,
        reconnectTimeout);
  }

  /** This config with another retention ({@code null}: none). */
  public FlowcConfig withRetention(dev.flowc.runtime.Retention retention) {
    return new FlowcConfig(
        file,
        store,
        workers,
        classpath,
        modules,
        params,
        lockTimeout,
        prefetch,
        passwordFile,
        retention,
        reconnectTimeout);
  }

  /** This config with {@code overrides} put over its params, name by name. */
  public FlowcConfig withParams(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(params);
    merged.putAll(overrides);
    return new FlowcConfig(
        file,
        store,
        workers,
        classpath,
        modules,
        merged,
        lockTimeout,
        prefetch,
        passwordFile,
        retention,
        reconnectTimeout);
  }
}
