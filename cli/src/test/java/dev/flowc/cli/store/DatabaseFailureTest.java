package dev.flowc.cli.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowc.runtime.store.postgres.PostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reasons of real connection failures of the PostgreSQL driver, as one line shows them. */
class DatabaseFailureTest {
  private static SQLException connect(String url) {
    return catchThrowableOfType(() -> DriverManager.getConnection(url).close(), SQLException.class);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void a_port_nobody_listens_on_is_a_refused_connection() throws IOException {
    SQLException failure = connect("jdbc:postgresql://127.0.0.1:" + freePort() + "/x?user=u");

    assertThat(DatabaseFailure.connectionReason(failure))
        .contains("connection refused (is PostgreSQL running and listening there?)");
  }

  @Test
  void an_unknown_host_is_named() {
    SQLException failure = connect("jdbc:postgresql://no-such-host.invalid/x?user=u");

    assertThat(DatabaseFailure.connectionReason(failure))
        .contains("unknown host 'no-such-host.invalid'");
  }

  @Test
  void a_server_that_never_answers_times_out() throws IOException {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                  }
                } catch (IOException e) {
                  // Closed: the test is over.
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();

      SQLException failure =
          connect(
              "jdbc:postgresql://127.0.0.1:%d/x?user=u&loginTimeout=1"
                  .formatted(silent.getLocalPort()));

      assertThat(DatabaseFailure.connectionReason(failure))
          .contains("no answer in time (is the host up and the port open to this machine?)");
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  void a_missing_database_is_the_servers_words() {
    String url = System.getenv("FLOWC_TEST_POSTGRES");
    assumeTrue(url != null && !url.isBlank(), "FLOWC_TEST_POSTGRES is not set");

    SQLException failure = connect(url.replaceFirst("(//[^/]+/)[^?]*", "$1cli_no_such_database"));

    assertThat(DatabaseFailure.connectionReason(failure))
        .contains("database \"cli_no_such_database\" does not exist");
  }

  @Test
  void a_wrong_password_is_the_servers_words() throws Exception {
    PostgresServer server = PostgresServer.sharedWithPassword();

    SQLException failure =
        connect(server.url("postgres") + "&password=not-" + PostgresServer.PASSWORD);

    assertThat(DatabaseFailure.connectionReason(failure))
        .contains(
            "password authentication failed for user \"%s\""
                .formatted(PostgresServer.PASSWORD_USER));
  }

  @Test
  void no_password_for_a_server_that_asks_for_one_says_where_to_give_it() throws Exception {
    PostgresServer server = PostgresServer.sharedWithPassword();

    SQLException failure = connect(server.url("postgres"));

    assertThat(DatabaseFailure.connectionReason(failure))
        .contains(
            "the server asks for a password and none was given (in the URL, PGPASSWORD,"
                + " ~/.pgpass or password_file)");
  }

  @Test
  void a_failure_that_is_not_about_connecting_has_no_connection_reason() {
    assertThat(
            DatabaseFailure.connectionReason(
                new IllegalStateException(new SQLException("duplicate key", "23505"))))
        .isEmpty();
  }

  @Test
  void the_address_is_host_port_and_database() {
    assertThat(DatabaseFailure.address("jdbc:postgresql://db.internal/flowc?user=etl"))
        .isEqualTo("db.internal:5432/flowc");
    assertThat(DatabaseFailure.address("jdbc:postgresql://u:pw@10.0.0.5:6432/jobs"))
        .isEqualTo("10.0.0.5:6432/jobs");
    assertThat(DatabaseFailure.address("jdbc:postgresql://a:5432,b:5433/jobs?x=1"))
        .isEqualTo("a:5432,b:5433/jobs");
    assertThat(DatabaseFailure.address("postgres://[::1]:5433/jobs")).isEqualTo("[::1]:5433/jobs");
  }
}
