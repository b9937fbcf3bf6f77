package dev.flowc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One in-process run of flowc through {@link Main#run}, with what it printed on stdout and stderr.
 */
public record FlowcRun(int exitCode, String out, String err) {
  public static FlowcRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new FlowcRun(code, out.toString(), err.toString());
  }

  /** Writes {@code text} as UTF-8 to {@code dir/name} and returns the path as a string. */
  public static String write(Path dir, String name, String text) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
