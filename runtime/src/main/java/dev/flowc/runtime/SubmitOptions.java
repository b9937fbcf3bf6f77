package dev.flowc.runtime;

import java.nio.file.Path;

/**
 * How a plan is submitted.
 *
 * @param baseDirectory the directory relative paths in inputs resolve against (handlers read it
 *     from {@link JobContext#baseDirectory()}), or {@code null}
 * @param key the run's idempotency key, or {@code null}: a submit with a key already used in the
 *     store creates nothing and returns the first run with that key, forever (even after that run
 *     was purged)
 */
public record SubmitOptions(Path baseDirectory, String key) {
  /** No base directory, no key. */
  public static final SubmitOptions DEFAULT = new SubmitOptions(null, null);

  /** Checks the key: not blank, at most 1,000 characters. */
  public SubmitOptions {
    if (key != null && (key.isBlank() || key.length() > 1_000)) {
      throw new IllegalArgumentException(
          "a run's key must be 1 to 1,000 characters and not blank, not '" + key + "'");
    }
  }

  /** A base directory, no key. */
  public SubmitOptions(Path baseDirectory) {
    this(baseDirectory, null);
  }

  /** These options with the idempotency key {@code key}. */
  public SubmitOptions withKey(String key) {
    return new SubmitOptions(baseDirectory, key);
  }
}
