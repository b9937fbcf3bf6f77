package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.store.postgres.FreshPostgresDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged flowc on a PostgreSQL store: the commands work on it as on a file, the reading
 * commands create nothing in a database without a flowc store, and a database that cannot be
 * reached is one line and exit 3 within seconds.
 */
class PostgresStoreIT {
  @TempDir Path dir;

  @RegisterExtension final FreshPostgresDatabase database = new FreshPostgresDatabase();

  private FlowcProcess flowc;

  @BeforeEach
  void writePipeline() throws Exception {
    flowc = new FlowcProcess(dir);
    Files.writeString(
        dir.resolve("p.flow"),
        "pipeline p {\n"
            + "  stage a { handler builtin.echo input { x: 1 } }\n"
            + "  stage b after a { handler builtin.fail retries 0 input { message: \"boom\" } }\n"
            + "}\n",
        UTF_8);
  }

  private FlowcProcess.Result flowc(String... args) throws IOException, InterruptedException {
    return flowc.run(args);
  }

  private long tables() throws Exception {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet count =
            statement.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN"
                    + " ('pg_catalog', 'information_schema')")) {
      count.next();
      return count.getLong(1);
    }
  }

  @Test
  void a_run_submit_and_worker_on_postgresql_are_inspected_as_on_a_file() throws Exception {
    String store = database.url();

    FlowcProcess.Result run = flowc("run", "p.flow", "--store", store);
    FlowcProcess.Result submit = flowc("submit", "p.flow", "--store", store);
    FlowcProcess.Result worker = flowc("worker", "--drain", "--store", store);
    FlowcProcess.Result status = flowc("status", "1", "--store", store);
    FlowcProcess.Result job = flowc("job", "2", "--store", store);
    FlowcProcess.Result dead = flowc("dead-letters", "--store", store);
    FlowcProcess.Result runs = flowc("runs", "--store", store, "--format", "json");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("run 1 (p): failed, 1 complete, 1 dead");
    assertThat(submit.exitCode()).as(submit.err()).isZero();
    assertThat(submit.out()).startsWith("submitted run 2 (p, 2 jobs)");
    assertThat(worker.exitCode()).as(worker.err()).isZero();
    assertThat(worker.err()).contains("flowc: drained; 2 jobs processed");
    assertThat(status.out()).startsWith("run 1 (p): failed, 1 complete, 1 dead");
    assertThat(job.out()).startsWith("job 2: b, dead (run 1)").contains("IntentionalFailure: boom");
    assertThat(dead.out()).contains("IntentionalFailure: boom").hasLineCount(3);
    assertThat(runs.out()).contains("\"status\": \"failed\"");
    for (FlowcProcess.Result result : List.of(run, submit, worker, status, job, dead, runs)) {
      result.hasNoStackTrace();
    }
  }

  @Test
  void reading_commands_in_a_database_without_a_flowc_store_are_exit_2_and_create_nothing()
      throws Exception {
    String store = database.url();
    List<List<String>> commands =
        List.of(
            List.of("runs"),
            List.of("status", "1"),
            List.of("job", "1"),
            List.of("stats"),
            List.of("dead-letters"),
            List.of("workers"),
            List.of("retry", "1"),
            List.of("cancel", "--run", "1"),
            List.of("resume", "1"));

    for (List<String> command : commands) {
      List<String> args = new java.util.ArrayList<>(command);
      args.addAll(List.of("--store", store));
      FlowcProcess.Result result = flowc(args.toArray(String[]::new));

      assertThat(result.exitCode()).as("%s: %s", command, result.err()).isEqualTo(2);
      assertThat(result.err())
          .as("%s", command)
          .isEqualTo(
              "flowc: no store at '%s': the database has no flowc store, nothing was submitted"
                      .formatted(store)
                  + " there (name another with --store or in flowc.yaml)\n");
    }
    assertThat(tables()).as("tables created").isZero();
  }

  @Test
  void an_unknown_host_is_one_line_and_exit_3() throws Exception {
    FlowcProcess.Result result =
        flowc("runs", "--store", "jdbc:postgresql://no-such-host.invalid/flowc?user=x");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err())
        .isEqualTo(
            "flowc: cannot open store 'jdbc:postgresql://no-such-host.invalid/flowc?user=x':"
                + " cannot connect to no-such-host.invalid:5432/flowc: unknown host"
                + " 'no-such-host.invalid'\n");
  }

  @Test
  void a_server_that_never_answers_is_one_line_and_exit_3_within_seconds() throws Exception {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
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
      String store = "jdbc:postgresql://127.0.0.1:%d/flowc?user=x".formatted(silent.getLocalPort());
      long start = System.nanoTime();

      FlowcProcess.Result result = flowc("runs", "--store", store);

      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
      assertThat(result.err())
          .isEqualTo(
              "flowc: cannot open store '%s': cannot connect to 127.0.0.1:%d/flowc: no answer in"
                      .formatted(store, silent.getLocalPort())
                  + " time (is the host up and the port open to this machine?)\n");
      assertThat(seconds).as("seconds to give up").isLessThan(30);
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }
}
