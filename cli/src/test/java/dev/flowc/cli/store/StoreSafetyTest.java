package dev.flowc.cli.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.cli.FlowcRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flowc never writes to a file that is not its store, and never takes a URL for a path. */
class StoreSafetyTest {
  private static final String NL = System.lineSeparator();

  @TempDir Path dir;
  private String flow;

  @BeforeEach
  void writePipeline() {
    flow = FlowcRun.write(dir, "p.flow", "pipeline p { stage a { handler \"builtin.noop\" } }");
  }

  /** Every command that opens a store, with what it needs besides {@code --store}. */
  private List<List<String>> commands() {
    List<List<String>> commands = new ArrayList<>();
    commands.add(List.of("status", "1"));
    commands.add(List.of("runs"));
    commands.add(List.of("job", "1"));
    commands.add(List.of("stats"));
    commands.add(List.of("dead-letters"));
    commands.add(List.of("cancel", "--run", "1"));
    commands.add(List.of("retry", "1"));
    commands.add(List.of("resume", "1"));
    commands.add(List.of("run", flow));
    commands.add(List.of("submit", flow));
    commands.add(List.of("worker", "--drain"));
    return commands;
  }

  private static FlowcRun flowc(List<String> command, String store) {
    List<String> args = new ArrayList<>(command);
    args.add("--store");
    args.add(store);
    return FlowcRun.of(args.toArray(String[]::new));
  }

  /** The bytes of every file under {@code root}, by name. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        files.put(
            root.relativize(path).toString(),
            Files.isDirectory(path) ? "directory" : sha256(Files.readAllBytes(path)));
      }
    }
    return files;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sql(Path file, String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private void assertEveryCommandLeavesAlone(Path file, String reason) throws IOException {
    List<List<String>> commands = commands();
    Map<String, String> before = snapshot(dir);
    for (List<String> command : commands) {
      FlowcRun result = flowc(command, file.toString());

      assertThat(result.exitCode()).as("%s: %s", command, result.err()).isEqualTo(3);
      assertThat(result.err())
          .as("%s", command)
          .isEqualTo("flowc: cannot open store '%s': %s" + NL, file, reason);
      assertThat(snapshot(dir)).as("%s", command).isEqualTo(before);
    }
  }

  @Test
  void another_applications_database_is_left_byte_for_byte_by_every_command() throws Exception {
    Path file = dir.resolve("o.db");
    sql(file, "CREATE TABLE notes (id INTEGER PRIMARY KEY)");

    assertEveryCommandLeavesAlone(
        file,
        "the file is not a flowc store but another application's SQLite database; flowc leaves"
            + " it unchanged");
  }

  @Test
  void a_database_with_a_jobs_table_of_its_own_is_left_byte_for_byte() throws Exception {
    Path file = dir.resolve("app.db");
    sql(
        file,
        "PRAGMA journal_mode = DELETE",
        "CREATE TABLE jobs (id INTEGER PRIMARY KEY, title TEXT)",
        "INSERT INTO jobs (title) VALUES ('keep me')");

    assertEveryCommandLeavesAlone(
        file,
        "the file is not a flowc store but another application's SQLite database; flowc leaves"
            + " it unchanged");
  }

  @Test
  void a_file_that_is_not_a_database_is_left_byte_for_byte() throws Exception {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "shopping list: milk, eggs\n".repeat(50));

    assertEveryCommandLeavesAlone(file, "the file is not a flowc store (not a SQLite database)");
  }

  @Test
  void reading_commands_create_neither_a_missing_store_nor_its_directory() throws Exception {
    Path missing = dir.resolve("no/such/flowc.db");
    for (List<String> command : commands().subList(0, 5)) {
      FlowcRun result = flowc(command, missing.toString());

      assertThat(result.exitCode()).as("%s", command).isEqualTo(2);
      assertThat(result.err())
          .isEqualTo(
              "flowc: no store at '%s': nothing was submitted there (name another with --store or"
                  + " in flowc.yaml)"
                  + NL,
              missing);
      assertThat(dir.resolve("no")).doesNotExist();
    }
  }

  @Test
  void reading_commands_change_nothing_and_leave_no_file_beside_the_store() throws Exception {
    Path store = dir.resolve("flowc.db");
    assertThat(flowc(List.of("run", flow), store.toString()).exitCode()).isZero();
    Map<String, String> before = snapshot(dir);
    assertThat(before).containsOnlyKeys("", "p.flow", "flowc.db");

    for (List<String> command : commands().subList(0, 5)) {
      FlowcRun result = flowc(command, store.toString());

      assertThat(result.exitCode()).as("%s: %s", command, result.err()).isZero();
      assertThat(snapshot(dir)).as("%s", command).isEqualTo(before);
    }
  }

  @Test
  void an_empty_file_is_no_store_to_read_but_becomes_one_when_written() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.db"));

    FlowcRun status = flowc(List.of("runs"), empty.toString());
    assertThat(status.exitCode()).isEqualTo(3);
    assertThat(status.err())
        .isEqualTo(
            "flowc: cannot open store '%s': the file is empty: no store was created in it yet" + NL,
            empty);
    assertThat(empty).isEmptyFile();

    FlowcRun run = flowc(commands().get(8), empty.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(flowc(List.of("runs"), empty.toString()).out()).contains("complete");
  }

  @Test
  void a_postgresql_url_in_any_spelling_is_a_database_masked_and_creates_no_file()
      throws Exception {
    Map<String, String> before = snapshot(dir);
    for (String url :
        List.of(
            "jdbc:postgresql://admin:p@ss@db.invalid/flowc",
            "postgresql://admin:p@ss@db.invalid/flowc",
            "postgres://admin:p@ss@db.invalid/flowc?sslpassword=p@ss")) {
      for (List<String> command : commands()) {
        FlowcRun result = flowc(command, url);

        assertThat(result.exitCode()).as("%s %s: %s", command, url, result.err()).isEqualTo(3);
        assertThat(result.err())
            .matches(
                "flowc: cannot open store '.*': cannot connect to db.invalid:5432/flowc: unknown"
                    + " host 'db.invalid'\\R")
            .doesNotContain("p@ss")
            .doesNotContain("ss@db")
            .contains("admin:***@");
      }
    }
    assertThat(snapshot(dir)).isEqualTo(before);
    assertThat(Path.of("postgresql:")).doesNotExist();
    assertThat(Path.of("postgres:")).doesNotExist();
  }

  @Test
  void other_urls_are_usage_errors_that_create_nothing() throws Exception {
    Map<String, String> before = snapshot(dir);
    for (String url : List.of("jdbc:sqlite:" + dir.resolve("q.db"), "sqlite:q.db", "file:q.db")) {
      FlowcRun result = flowc(List.of("run", commands().get(8).get(1)), url);

      assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
      assertThat(result.err())
          .isEqualTo(
              "flowc: store '%s' is a URL: name a SQLite store by its file path (--store"
                  + " path/to/flowc.db)"
                  + NL,
              url);
    }
    FlowcRun mysql = flowc(List.of("runs"), "mysql://root:hunter2@db/jobs");
    assertThat(mysql.exitCode()).isEqualTo(2);
    assertThat(mysql.err())
        .isEqualTo(
            "flowc: store 'mysql://root:***@db/jobs' is neither a SQLite file nor a PostgreSQL"
                + " URL"
                + NL);
    assertThat(snapshot(dir)).isEqualTo(before);
    assertThat(Path.of("mysql:")).doesNotExist();
  }

  @Test
  void a_store_path_with_options_after_a_question_mark_is_refused() throws Exception {
    Path store = dir.resolve("q.db?journal_mode=DELETE");
    Map<String, String> before = snapshot(dir);

    FlowcRun run = flowc(List.of("submit", commands().get(8).get(1)), store.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "flowc: store '%s' has a '?': a store is a file path, with no options after it"
                + " (--store %s)"
                + NL,
            store,
            dir.resolve("q.db"));
    assertThat(snapshot(dir)).isEqualTo(before);
  }
}
