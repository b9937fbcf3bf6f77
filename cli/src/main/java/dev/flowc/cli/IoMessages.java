package dev.flowc.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Short, user-facing reasons for I/O failures (never a class name). */
public final class IoMessages {
  private IoMessages() {}

  /** Why {@code e} happened, in a few lower-case words. */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException) {
      return "a path component is not a directory";
    }
    // Its message names the files involved, temporary ones too; the reason alone is what the OS
    // said.
    if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      String reason = fileSystem.getReason();
      return Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
