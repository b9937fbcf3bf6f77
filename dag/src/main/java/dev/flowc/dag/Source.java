package dev.flowc.dag;

import java.util.Objects;

/**
 * Where a plan came from: the pipeline file's path as given to the compiler and the SHA-256 of its
 * bytes, in lower-case hex.
 */
public record Source(String path, String sha256) {
  /** Requires both fields. */
  public Source {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
  }
}
