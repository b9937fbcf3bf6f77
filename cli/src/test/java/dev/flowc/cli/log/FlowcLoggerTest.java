package dev.flowc.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Outside a handler, flowc's SLF4J backend writes warnings and errors to stderr, one line each. */
class FlowcLoggerTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream realErr;

  @BeforeEach
  void captureStderr() {
    realErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(realErr);
  }

  @Test
  void slf4j_finds_flowcs_backend() {
    assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(FlowcLoggers.class);
  }

  @Test
  void warnings_and_errors_go_to_stderr_in_one_line_and_lower_levels_nowhere() {
    Logger logger = LoggerFactory.getLogger("org.example.Library");

    logger.info("not shown");
    logger.debug("not shown");
    logger.warn("disk {} almost full", "/tmp");
    logger.error("gave up", new IllegalStateException("no space"));

    assertThat(logger.isInfoEnabled()).isFalse();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "WARN org.example.Library: disk /tmp almost full\n"
                + "ERROR org.example.Library: gave up (java.lang.IllegalStateException: no space)\n");
  }

  @Test
  void the_pool_and_sqlites_library_loader_stay_off_stderr_unless_debugging() {
    Logger pool = LoggerFactory.getLogger("com.zaxxer.hikari.pool.HikariPool");
    Logger loader = LoggerFactory.getLogger("org.sqlite.SQLiteJDBCLoader");

    pool.warn("connection is not available");
    loader.error(
        "Failed to delete old native lib", new java.nio.file.NoSuchFileException("/tmp/x"));
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();

    System.setProperty(FlowcSlf4jProvider.DEBUG_PROPERTY, "true");
    try {
      loader.error("Failed to delete old native lib");
    } finally {
      System.clearProperty(FlowcSlf4jProvider.DEBUG_PROPERTY);
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("ERROR org.sqlite.SQLiteJDBCLoader: Failed to delete old native lib\n");
  }
}
