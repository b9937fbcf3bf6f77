package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.store.postgres.FreshPostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code flowc submit --key} processes started at once on one store make exactly one run:
 * on one SQLite file and on PostgreSQL, counted in the database.
 */
class KeyedSubmitRaceIT {
  private static final int PROCESSES = 4;

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
            + "  stage b after a { handler builtin.noop }\n"
            + "}\n",
        UTF_8);
  }

  /** Starts the submits together and returns what each printed, after all exited 0. */
  private List<String> racingSubmits(String store) throws Exception {
    List<FlowcProcess.Started> started = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      started.add(flowc.start(dir, "submit", "p.flow", "--store", store, "--key", "the-key"));
    }
    List<String> outputs = new ArrayList<>();
    for (FlowcProcess.Started process : started) {
      assertThat(process.awaitExit()).as(process.err()).isZero();
      outputs.add(process.out());
    }
    return outputs;
  }

  private static void exactlyOneSubmitted(List<String> outputs) {
    assertThat(outputs).filteredOn(out -> out.startsWith("submitted run ")).hasSize(1);
    String id =
        outputs.stream()
            .filter(out -> out.startsWith("submitted run "))
            .findFirst()
            .orElseThrow()
            .split(" ")[2];
    assertThat(outputs)
        .filteredOn(out -> !out.startsWith("submitted run "))
        .allSatisfy(
            out ->
                assertThat(out)
                    .startsWith("run " + id + " (p, ")
                    .contains("was submitted with key 'the-key' before: nothing submitted"));
  }

  private static long count(Connection connection, String sql) throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void racing_submits_with_one_key_on_one_sqlite_file_make_one_run() throws Exception {
    Path store = dir.resolve("race.db");

    List<String> outputs = racingSubmits(store.toString());

    exactlyOneSubmitted(outputs);
    try (Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + store)) {
      assertThat(count(connection, "SELECT count(*) FROM runs")).isEqualTo(1);
      assertThat(count(connection, "SELECT count(*) FROM jobs")).isEqualTo(2);
      assertThat(count(connection, "SELECT count(*) FROM run_keys")).isEqualTo(1);
    }
  }

  @Test
  void racing_submits_with_one_key_on_postgresql_make_one_run() throws Exception {
    List<String> outputs = racingSubmits(database.url());

    exactlyOneSubmitted(outputs);
    try (Connection connection = database.connect()) {
      assertThat(count(connection, "SELECT count(*) FROM runs")).isEqualTo(1);
      assertThat(count(connection, "SELECT count(*) FROM jobs")).isEqualTo(2);
      assertThat(count(connection, "SELECT count(*) FROM run_keys")).isEqualTo(1);
    }
  }
}
