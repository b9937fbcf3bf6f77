package dev.flowc.samples.etl;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flowc.runtime.Handler;
import dev.flowc.runtime.JobContext;
import dev.flowc.runtime.NonRetryableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code files.list}: the {@code .json} files of a folder, by name, for a stage to fan out over
 * ({@code for file in list_files.result.files}).
 */
public final class ListInbox implements Handler<ListInbox.Input, ListInbox.Result> {
  /**
   * @param dir the folder, relative to the pipeline's directory or absolute
   */
  public record Input(String dir) {}

  /**
   * One file found.
   *
   * @param path its path as the next stage gives it back (the folder as given, then the name)
   * @param name its name
   * @param bytes its size
   */
  public record InboxFile(String path, String name, long bytes) {}

  /**
   * @param dir the folder as given
   * @param files its {@code .json} files, by name
   */
  public record Result(String dir, @JsonProperty("files") List<InboxFile> files) {}

  @Override
  public Result handle(Input input, JobContext context) throws IOException {
    if (input.dir() == null || input.dir().isBlank()) {
      throw new NonRetryableException("no 'dir' given");
    }
    Path dir = context.resolvePath(input.dir());
    if (!Files.isDirectory(dir)) {
      throw new NonRetryableException("'%s' is not a folder (%s)".formatted(input.dir(), dir));
    }
    try (Stream<Path> entries = Files.list(dir)) {
      List<InboxFile> files =
          entries
              .filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
              .sorted()
              .map(
                  p ->
                      new InboxFile(
                          input.dir() + "/" + p.getFileName(), p.getFileName().toString(), size(p)))
              .toList();
      context.logger().info("found {} files in {}", files.size(), dir);
      return new Result(input.dir(), files);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }
}
