package dev.flowc.runtime.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * SQLite's native library, loaded from one copy in flowc's cache directory instead of a copy per
 * process in the temporary directory.
 *
 * <p>Left to itself, the driver writes its library (about 1 MB) to {@code java.io.tmpdir} under a
 * new name in every JVM and deletes it at a normal exit. A process killed (SIGKILL, the OOM killer,
 * a machine's reset) leaves its copy there for good, as nothing else removes it: a worker killed
 * once a night leaves 365 MB a year. Each new process also deletes the copies of processes that
 * exited, and logs an error when another process removed one first.
 *
 * <p>Here the library is written once per library (driver version and checksum), operating system
 * and architecture, to {@code $XDG_CACHE_HOME/flowc} (else {@code ~/.cache/flowc}, the launcher's
 * cache too), under a temporary name and then renamed, so that a process never loads a half-written
 * copy; every process checks that copy (size and CRC-32, about a millisecond) and loads it. Where
 * the cache cannot be written, or the copy cannot be loaded (a home directory mounted {@code
 * noexec}), the driver does as it would alone. Settings given by the user ({@code
 * org.sqlite.lib.path}, {@code org.sqlite.tmpdir}) win.
 */
final class NativeLibrary {
  private static final String LIB_PATH = "org.sqlite.lib.path";
  private static final String LIB_NAME = "org.sqlite.lib.name";
  private static final String TMPDIR = "org.sqlite.tmpdir";

  private static boolean prepared;

  private NativeLibrary() {}

  /**
   * Points the driver at the cached copy, writing it first when missing; once per process, before
   * the first connection (the driver loads its library then).
   */
  static synchronized void useCachedCopy() {
    if (prepared) {
      return;
    }
    prepared = true;
    if (System.getProperty(LIB_PATH) != null || System.getProperty(TMPDIR) != null) {
      return;
    }
    cacheRoot()
        .flatMap(NativeLibrary::cachedCopy)
        .ifPresent(
            library -> {
              String directory = library.getParent().toString();
              System.setProperty(LIB_PATH, directory);
              System.setProperty(LIB_NAME, library.getFileName().toString());
              // org.sqlite.tmpdir stays: should loading this copy fail (a cache on a noexec mount),
              // the driver extracts its own to the temporary directory, as it would alone.
            });
  }

  /** flowc's cache directory: {@code $XDG_CACHE_HOME/flowc}, else {@code ~/.cache/flowc}. */
  private static Optional<Path> cacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Optional.of(Path.of(xdg, "flowc"));
    }
    String home = System.getProperty("user.home");
    if (home == null || home.isBlank() || home.equals("?")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(home, ".cache", "flowc"));
  }

  /**
   * The library of this driver, operating system and architecture under {@code cacheRoot}, written
   * there when missing or not the same bytes (a copy damaged by someone else); empty when the
   * driver has no library for this platform or the copy cannot be written. Its directory is named
   * after the library's checksum as well as the driver's version, so two flowc installations that
   * carry different libraries never share a file.
   */
  static Optional<Path> cachedCopy(Path cacheRoot) {
    String resourceDirectory = LibraryLoaderUtil.getNativeLibResourcePath();
    String name = LibraryLoaderUtil.getNativeLibName();
    URL resource = SQLiteJDBCLoader.class.getResource(resourceDirectory + "/" + name);
    if (resource == null) {
      return Optional.empty();
    }
    try {
      Fingerprint expected = Fingerprint.of(resource);
      Path directory =
          cacheRoot
              .resolve(
                  "sqlite-jdbc-%s-%08x".formatted(SQLiteJDBCLoader.getVersion(), expected.crc()))
              .resolve(resourceDirectory.replaceFirst("^/org/sqlite/native/", ""));
      Path library = directory.resolve(name);
      if (expected.matches(library)) {
        return Optional.of(library);
      }
      Files.createDirectories(directory);
      Path partial = Files.createTempFile(directory, name + ".", ".partial");
      try {
        try (InputStream bytes = resource.openStream()) {
          Files.copy(bytes, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!expected.matches(partial)) {
          return Optional.empty();
        }
        // A process that mapped an older copy keeps it; the rename replaces only the name.
        Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
      return Optional.of(library);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A file's size and CRC-32. */
  private record Fingerprint(long size, long crc) {
    /** The resource's, from its jar's directory where it can (no need to inflate it). */
    static Fingerprint of(URL resource) throws IOException {
      URLConnection connection = resource.openConnection();
      if (connection instanceof JarURLConnection jar) {
        JarEntry entry = jar.getJarEntry();
        if (entry.getSize() >= 0 && entry.getCrc() >= 0) {
          return new Fingerprint(entry.getSize(), entry.getCrc());
        }
      }
      try (InputStream bytes = connection.getInputStream()) {
        return of(bytes);
      }
    }

    private static Fingerprint of(InputStream bytes) throws IOException {
      CRC32 crc = new CRC32();
      long size = 0;
      byte[] buffer = new byte[64 * 1024];
      for (int read; (read = bytes.read(buffer)) > 0; ) {
        crc.update(buffer, 0, read);
        size += read;
      }
      return new Fingerprint(size, crc.getValue());
    }

    /** Whether {@code file} is a regular file with this size and checksum. */
    boolean matches(Path file) throws IOException {
      if (!Files.isRegularFile(file) || Files.size(file) != size) {
        return false;
      }
      try (InputStream bytes = Files.newInputStream(file)) {
        return of(bytes).equals(this);
      }
    }
  }
}
