package dev.flowc.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.Tmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that opens a SQLite store loads SQLite's native library from flowc's cache, and a kill
 * leaves no copy of it in the temporary directory (where the driver alone leaves 1 MB a kill).
 */
class NativeLibraryProcessTest {
  @TempDir Path directory;

  @Test
  void a_killed_process_leaves_no_copy_of_sqlites_library_in_the_temporary_directory()
      throws Exception {
    Path cache = Files.createDirectories(directory.resolve("cache"));
    Path tmp = Files.createDirectories(directory.resolve("tmp"));
    for (int process = 1; process <= 2; process++) {
      try (ChildJvm worker = holdStore("hold-" + process, cache, tmp)) {
        worker.awaitLine("working", Duration.ofSeconds(60));
        assertThat(names(tmp)).as("while it runs").isEmpty();
        worker.kill();
      }
    }

    assertThat(names(tmp)).as("after the kills").isEmpty();
    try (Stream<Path> files = Files.walk(cache)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .as("one copy in the cache, written by the first process")
          .containsExactly("libsqlitejdbc.so");
    }
  }

  @Test
  void a_cache_where_nothing_may_run_leaves_the_driver_to_its_own_copy() throws Exception {
    Path tmp = Files.createDirectories(directory.resolve("tmp"));
    try (Tmpfs cache = Tmpfs.mount(directory.resolve("noexec-cache"), "noexec,size=16m");
        ChildJvm worker = holdStore("hold-noexec", cache.path(), tmp)) {
      worker.awaitLine("working", Duration.ofSeconds(60));
      assertThat(names(tmp)).as("the driver's own copy").isNotEmpty();
    }
  }

  /**
   * A worker process that opens a SQLite store and holds it, with {@code cache} as its {@code
   * XDG_CACHE_HOME} and {@code tmp} as its temporary directory.
   */
  private ChildJvm holdStore(String name, Path cache, Path tmp) throws IOException {
    return ChildJvm.startWith(
        List.of(),
        Map.of("XDG_CACHE_HOME", cache.toString()),
        List.of("-Djava.io.tmpdir=" + tmp),
        directory,
        name,
        WorkerProcess.class,
        "hold",
        directory.resolve("s.db").toString());
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.contains("sqlite")).toList();
    }
  }
}
