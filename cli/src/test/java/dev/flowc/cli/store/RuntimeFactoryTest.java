package dev.flowc.cli.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowc.cli.UserException;
import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeFactoryTest {
  @TempDir Path dir;

  private FlowcConfig config(String store) {
    ConfigLoader loader = new ConfigLoader(dir);
    return loader.defaults().withStore(loader.resolveStore(store));
  }

  @Test
  void a_postgresql_server_that_refuses_the_connection_is_a_store_error_naming_where()
      throws IOException {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:%d/flowc?password=secret".formatted(port);

    assertThatThrownBy(
            () ->
                RuntimeFactory.open(
                    config(url),
                    null,
                    RuntimeFactory.Use.CREATE,
                    new ConfigLoader(dir),
                    new java.io.PrintWriter(java.io.Writer.nullWriter())))
        .isInstanceOfSatisfying(UserException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
        .hasMessage(
            "cannot open store 'jdbc:postgresql://127.0.0.1:%d/flowc?password=***': cannot connect"
                    .formatted(port)
                + " to 127.0.0.1:%d/flowc: connection refused (is PostgreSQL running and listening"
                    .formatted(port)
                + " there?)");
  }

  @Test
  void a_postgresql_store_lost_while_in_use_says_where_and_why() {
    dev.flowc.runtime.StoreException lost =
        new dev.flowc.runtime.StoreException(
            "cannot renew the leases of its running jobs: cannot write to store"
                + " 'jdbc:postgresql://127.0.0.1:5491/jobs?user=etl&loginTimeout=10': flowc -"
                + " Connection is not available, request timed out after 5000ms",
            new java.sql.SQLTransientConnectionException(
                "timed out", "08001", new java.net.ConnectException("Connection refused")));
    dev.flowc.runtime.StoreException full =
        new dev.flowc.runtime.StoreException("cannot write to store '/x.db': the disk is full");

    assertThat(RuntimeFactory.describeFailure(lost))
        .isEqualTo(
            "cannot renew the leases of its running jobs: cannot connect to 127.0.0.1:5491/jobs:"
                + " connection refused (is PostgreSQL running and listening there?)");
    assertThat(RuntimeFactory.describeFailure(full))
        .isEqualTo("cannot write to store '/x.db': the disk is full");
  }

  @Test
  void another_jdbc_url_is_a_usage_error() {
    assertThatThrownBy(
            () ->
                RuntimeFactory.open(
                    config("jdbc:mysql://db/flowc"),
                    null,
                    RuntimeFactory.Use.CREATE,
                    new ConfigLoader(dir),
                    new java.io.PrintWriter(java.io.Writer.nullWriter())))
        .isInstanceOfSatisfying(UserException.class, e -> assertThat(e.exitCode()).isEqualTo(2));
  }

  @Test
  void a_directory_is_a_store_error() throws IOException {
    Files.createDirectory(dir.resolve("db"));

    assertThatThrownBy(
            () ->
                RuntimeFactory.open(
                    config("db"),
                    null,
                    RuntimeFactory.Use.CREATE,
                    new ConfigLoader(dir),
                    new java.io.PrintWriter(java.io.Writer.nullWriter())))
        .isInstanceOfSatisfying(UserException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
        .hasMessage("cannot open store 'db': it is a directory");
  }

  @Test
  void printed_commands_name_the_store_only_when_the_working_directory_would_not_find_it() {
    ConfigLoader loader = new ConfigLoader(dir);

    assertThat(RuntimeFactory.storeArgument(loader.defaults(), loader)).isEmpty();
    assertThat(RuntimeFactory.storeArgument(config("x/jobs.db"), loader))
        .isEqualTo(" --store x/jobs.db");
    assertThat(RuntimeFactory.storeArgument(config("my jobs.db"), loader))
        .isEqualTo(" --store 'my jobs.db'");
  }
}
