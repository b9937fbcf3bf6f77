package dev.flowc.runtime.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/** The cached copy of SQLite's native library: written once, whole, and mended when damaged. */
class NativeLibraryTest {
  @TempDir Path cache;

  @Test
  void the_copy_is_the_drivers_library_written_once() throws IOException {
    Path library = NativeLibrary.cachedCopy(cache).orElseThrow();

    assertThat(library.getFileName()).hasToString(LibraryLoaderUtil.getNativeLibName());
    assertThat(cache.relativize(library).getName(0).toString())
        .startsWith("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-");
    assertThat(Files.readAllBytes(library)).isEqualTo(resource());
    assertThat(filesUnder(cache)).as("no partial copy left").isEqualTo(1);

    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(library, old);
    assertThat(NativeLibrary.cachedCopy(cache)).contains(library);
    assertThat(Files.getLastModifiedTime(library)).as("not written again").isEqualTo(old);
  }

  @Test
  void a_damaged_copy_is_replaced() throws IOException {
    Path library = NativeLibrary.cachedCopy(cache).orElseThrow();
    byte[] damaged = resource();
    damaged[damaged.length / 2] ^= 1; // the same size, one bit changed
    Files.write(library, damaged);

    assertThat(NativeLibrary.cachedCopy(cache)).contains(library);
    assertThat(Files.readAllBytes(library)).isEqualTo(resource());
  }

  @Test
  void a_cache_that_cannot_be_written_gives_no_copy() throws IOException {
    Path file = Files.writeString(cache.resolve("a-file"), "");

    assertThat(NativeLibrary.cachedCopy(file.resolve("flowc"))).isEmpty();
  }

  private static byte[] resource() throws IOException {
    String resource =
        LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    try (InputStream bytes = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
      return bytes.readAllBytes();
    }
  }

  private static long filesUnder(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}
