package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.store.postgres.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose PostgreSQL server goes away for good: it stops with one line and exit 3 (the
 * store's), as on a full disk, and the password is in none of it. It keeps trying for the reconnect
 * timeout ({@code --reconnect-timeout}, 30 s by default), here 2 s.
 */
@Tag("slow")
class PostgresOutageIT {
  @TempDir Path dir;

  @Test
  void a_worker_whose_database_dies_stops_with_one_line_and_exit_3() throws Exception {
    try (PostgresServer server = PostgresServer.startWithPassword()) {
      outage(server);
    }
  }

  private void outage(PostgresServer server) throws Exception {
    String database = "postgres";
    String store = server.url(database) + "&password=" + PostgresServer.PASSWORD;
    Files.writeString(
        dir.resolve("p.flow"),
        "pipeline p { stage a { handler builtin.sleep input { ms: 600000 } } }\n",
        UTF_8);
    FlowcProcess flowc = new FlowcProcess(dir);
    assertThat(flowc.run("submit", "p.flow", "--store", store).exitCode()).isZero();
    FlowcProcess.Started worker =
        flowc.start(dir, "worker", "--store", store, "--reconnect-timeout", "2s");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!worker.err().contains("running") && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50); // polling interval
    }
    assertThat(worker.err()).as("the job started").contains("run 1 job 1 a  running");

    server.stop();

    // The store retries for the reconnect timeout, then the worker stops; a loaded machine takes
    // longer.
    assertThat(worker.awaitExit(180)).as(worker.err()).isEqualTo(3);
    String err = worker.err();
    String last = err.lines().reduce((first, second) -> second).orElse("");
    assertThat(last)
        .startsWith("flowc: ")
        .contains(
            ": cannot connect to %s/%s: connection refused (is PostgreSQL running and listening"
                    .formatted(server.address(), database)
                + " there?); worker ")
        .contains(" stopped (");
    assertThat(err).doesNotContain(PostgresServer.PASSWORD).doesNotContain("\tat ");
  }
}
