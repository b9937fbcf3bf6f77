package dev.flowc.samples.etl;

import dev.flowc.runtime.Handler;
import dev.flowc.runtime.JobContext;
import dev.flowc.runtime.NonRetryableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * {@code ops.page-oncall}: stands in for a pager. It appends one line, the time and the message, to
 * a file, created with its folder on first use, and returns the line.
 */
public final class PageOncall implements Handler<PageOncall.Input, PageOncall.Result> {
  /**
   * @param file the pager's file, relative to the pipeline's directory or absolute
   * @param message what the on-call person reads
   */
  public record Input(String file, String message) {}

  /**
   * @param file the file written to
   * @param line the line appended
   */
  public record Result(String file, String line) {}

  @Override
  public Result handle(Input input, JobContext context) throws IOException {
    if (input.file() == null || input.message() == null) {
      throw new NonRetryableException("both 'file' and 'message' are needed");
    }
    Path file = context.resolvePath(input.file());
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    String line = Instant.now() + " " + input.message();
    Files.writeString(
        file,
        line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return new Result(input.file(), line);
  }
}
