package dev.flowc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class IoMessagesTest {
  @Test
  void common_failures_have_short_reasons() {
    assertThat(IoMessages.reason(new NoSuchFileException("x")))
        .isEqualTo("no such file or directory");
    assertThat(IoMessages.reason(new AccessDeniedException("x"))).isEqualTo("permission denied");
  }

  @Test
  void another_file_system_failure_gives_its_reason_without_the_file_names() {
    FileSystemException e = new FileSystemException("/tmp/.flowc-1.tmp", "out", "Is a directory");

    assertThat(IoMessages.reason(e)).isEqualTo("is a directory");
  }

  @Test
  void any_other_failure_gives_its_message() {
    assertThat(IoMessages.reason(new IOException("file is too large")))
        .isEqualTo("file is too large");
  }
}
