package dev.flowc.cli;

import dev.flowc.compiler.source.SourceFile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

/** Reads pipeline files named on the command line. */
public final class SourceFiles {
  private SourceFiles() {}

  /**
   * Reads {@code path}, shown in messages as written but with forward slashes on Windows (on other
   * systems a backslash is part of a file name).
   *
   * @throws UserException (exit 2) when the file cannot be read
   */
  public static SourceFile read(Path path) {
    String shown = path.toString().replace(File.separatorChar, '/');
    try {
      return SourceFile.read(path, shown);
    } catch (IOException e) {
      throw new UserException(
          ExitCode.USAGE, "cannot read '%s': %s".formatted(shown, IoMessages.reason(e)), e);
    }
  }
}
