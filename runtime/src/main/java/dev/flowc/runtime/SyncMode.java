package dev.flowc.runtime;

/**
 * How hard a SQLite store pushes each commit to disk.
 *
 * <p>{@link #NORMAL} (the default) survives a killed process with nothing lost; a power loss or OS
 * crash may lose the last commits (jobs then run again: at-least-once). {@link #FULL} syncs every
 * commit and survives power loss too, at some cost in throughput (see docs/performance.md).
 */
public enum SyncMode {
  /** {@code synchronous=NORMAL}: the WAL is synced at checkpoints, not at every commit. */
  NORMAL,
  /** {@code synchronous=FULL}: the WAL is synced at every commit. */
  FULL
}
