package dev.flowc.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowc.runtime.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresTest {
  @TempDir Path dir;

  @Test
  void a_path_opens_a_sqlite_file() {
    Path file = dir.resolve("sub/flowc.db");
    try (JobStore store = Stores.open(file.toString(), StoreOptions.defaults(), null)) {
      assertThat(store.location()).isEqualTo(file.toString());
      assertThat(store.runs(10)).isEmpty();
    }
    assertThat(file).exists();
  }

  @Test
  void a_url_of_another_database_is_refused_in_one_line_naming_only_its_scheme() {
    assertThatThrownBy(
            () ->
                Stores.open(
                    "jdbc:mysql://h/db?user=u&password=s3cret", StoreOptions.defaults(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unsupported store 'jdbc:mysql': give a file path (SQLite) or a jdbc:postgresql: URL");
    assertThatThrownBy(() -> Stores.open("postgres://u:s3cret@h/db", StoreOptions.defaults(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cret")
        .hasMessageNotContaining("\n");
  }

  @Test
  void an_unreachable_database_fails_fast_in_one_line_without_the_password() {
    Instant start = Instant.now();
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    assertThatThrownBy(
            () ->
                Stores.open(
                    "jdbc:postgresql://127.0.0.1:1/flowc?user=flowc&password=s3cret",
                    StoreOptions.defaults(),
                    null))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "cannot open store 'jdbc:postgresql://127.0.0.1:1/flowc?user=flowc'")
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageNotContaining("s3cret")
        .hasMessageNotContaining("\n");
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void an_unknown_host_is_named_as_such() {
    assertThatThrownBy(
            () ->
                Stores.open(
                    "jdbc:postgresql://no-such-host.invalid:5432/flowc?user=flowc",
                    StoreOptions.defaults(),
                    null))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "cannot open store 'jdbc:postgresql://no-such-host.invalid:5432/flowc?user=flowc':"
                + " unknown host no-such-host.invalid (no-such-host.invalid:5432)");
  }

  @Test
  void a_server_that_accepts_and_never_answers_fails_within_seconds() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
      Thread acceptor =
          new Thread(
              () -> {
                List<java.net.Socket> held = new java.util.ArrayList<>();
                try {
                  while (true) {
                    held.add(silent.accept()); // accepted, never answered
                  }
                } catch (java.io.IOException closed) {
                  held.forEach(
                      socket -> {
                        try {
                          socket.close();
                        } catch (java.io.IOException ignored) {
                          // closing anyway
                        }
                      });
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      Instant start = Instant.now();
      String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/flowc?user=flowc";
      assertThatThrownBy(() -> Stores.open(url, StoreOptions.defaults(), null))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("cannot open store '" + url + "'")
          .hasMessageNotContaining("\n");
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
    }
  }
}
