package dev.flowc.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A tmpfs mounted on a test's directory, unmounted on close: a small disk that fills up, or one
 * where nothing may run. Mounting needs root, as CI runs; elsewhere the test is skipped (an
 * assumption), never failed.
 */
public final class Tmpfs implements AutoCloseable {
  private final Path path;

  private Tmpfs(Path path) {
    this.path = path;
  }

  /**
   * Mounts a tmpfs with {@code options} ({@code "size=2m"}, {@code "noexec,size=16m"}) on {@code
   * directory}, creating it.
   */
  public static Tmpfs mount(Path directory, String options)
      throws IOException, InterruptedException {
    Files.createDirectories(directory);
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "mounting a tmpfs needs root (CI runs as root)");
    Assumptions.assumeTrue(
        command("mount", "-t", "tmpfs", "-o", options, "tmpfs", directory.toString()) == 0,
        "mount -t tmpfs failed (no permission to mount here)");
    return new Tmpfs(directory);
  }

  /** Where it is mounted. */
  public Path path() {
    return path;
  }

  /** Mounts it again with {@code options} ({@code "size=64m"}: more room), keeping its files. */
  public void remount(String options) throws IOException, InterruptedException {
    if (command("mount", "-o", "remount," + options, path.toString()) != 0) {
      throw new IOException("mount -o remount," + options + " " + path + " failed");
    }
  }

  /** Unmounts it (lazily: a process of the test may still have a file open there). */
  @Override
  public void close() throws IOException, InterruptedException {
    command("umount", "-l", path.toString());
  }

  private static int command(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
