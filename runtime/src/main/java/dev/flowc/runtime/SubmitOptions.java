package dev.flowc.runtime;

import java.nio.file.Path;

/**
 * How a plan is submitted.
 *
 * @param baseDirectory the directory relative paths in inputs resolve against (handlers read it
 *     from {@link JobContext#baseDirectory()}), or {@code null}
 */
public record SubmitOptions(Path baseDirectory) {
  /** No base directory. */
  public static final SubmitOptions DEFAULT = new SubmitOptions(null);
}
