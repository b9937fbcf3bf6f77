package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.store.postgres.PostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that takes a store, as a process, against a PostgreSQL server that checks
 * passwords: with the right password and a wrong one, given in the URL, in {@code PGPASSWORD} and
 * in a password file, and with the database down; with and without {@code --debug}. The password
 * (right or wrong) is in no byte of stdout or stderr, and a failure to connect is one line and exit
 * 3.
 */
class PostgresPasswordsIT {
  private static final String WRONG = "wrong-" + PostgresServer.PASSWORD;

  @TempDir static Path dir;

  private static PostgresServer server;
  private static String database;
  private static FlowcProcess flowc;
  private static Path noPgpass;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.sharedWithPassword();
    database = "passwords";
    try (Connection connection = server.connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
    flowc = new FlowcProcess(dir);
    noPgpass = Files.writeString(dir.resolve("empty-pgpass"), "", UTF_8);
    // A run whose second job dies: something for status, job, dead-letters, retry and resume.
    Files.writeString(
        dir.resolve("p.flow"),
        "pipeline p {\n"
            + "  stage a { handler builtin.echo input { x: 1 } }\n"
            + "  stage b after a { handler builtin.fail retries 0 input { message: \"boom\" } }\n"
            + "}\n",
        UTF_8);
    FlowcProcess.Result first =
        flowc.run(
            env(null), List.of(), "run", "p.flow", "--store", urlWith(PostgresServer.PASSWORD));
    assertThat(first.exitCode()).as(first.err()).isEqualTo(1);
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    if (server != null && database != null) {
      try (Connection connection = server.connect("postgres");
          Statement statement = connection.createStatement()) {
        statement.execute("DROP DATABASE " + database + " WITH (FORCE)");
      }
    }
  }

  private static String url() {
    return server.url(database);
  }

  private static String urlWith(String password) {
    return url() + "&password=" + password;
  }

  /** The environment of a child: no pgpass file of the machine's, and PGPASSWORD as given. */
  private static Map<String, String> env(String pgpassword) {
    Map<String, String> env = new HashMap<>();
    env.put("PGPASSFILE", noPgpass.toString());
    env.put("PGPASSWORD", pgpassword);
    return env;
  }

  /** Each command that takes a store, with arguments that make sense after the first run. */
  private static List<List<String>> commands() {
    return List.of(
        List.of("run", "p.flow"),
        List.of("submit", "p.flow"),
        List.of("worker", "--drain"),
        List.of("runs"),
        List.of("status", "1"),
        List.of("job", "2"),
        List.of("stats"),
        List.of("dead-letters"),
        List.of("retry", "2"),
        List.of("resume", "1"),
        List.of("cancel", "--run", "1"),
        List.of("workers"));
  }

  private static FlowcProcess.Result flowc(
      Map<String, String> env, String store, boolean debug, List<String> command)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of("--store", store));
    if (debug) {
      args.add("--debug");
    }
    return flowc.run(env, List.of(), args.toArray(String[]::new));
  }

  private static void assertNoPassword(FlowcProcess.Result result, List<String> command) {
    for (String secret : List.of(PostgresServer.PASSWORD, WRONG)) {
      assertThat(new String(result.stdout(), UTF_8) + new String(result.stderr(), UTF_8))
          .as("output of %s", command)
          .doesNotContain(secret);
    }
  }

  private static void assertConnectionFailure(
      FlowcProcess.Result result, List<String> command, boolean debug, String reason) {
    assertThat(result.exitCode()).as("%s: %s", command, result.err()).isEqualTo(3);
    assertThat(result.err())
        .as("%s", command)
        .startsWith("flowc: cannot open store '")
        .contains("': cannot connect to " + server.address() + "/" + database + ": " + reason);
    if (!debug) {
      assertThat(result.err().lines()).as("%s: %s", command, result.err()).hasSize(1);
      result.hasNoStackTrace();
    }
    assertNoPassword(result, command);
  }

  /**
   * Whether the {@code i}th command of a list runs with {@code --debug}: every other one, so that
   * each command is run both ways across the tests and each test stays short.
   */
  private static boolean debug(int i, boolean startWithDebug) {
    return (i % 2 == 0) == startWithDebug;
  }

  @Test
  void the_right_password_in_the_url_works_and_is_never_printed() throws Exception {
    List<List<String>> commands = commands();
    for (int i = 0; i < commands.size(); i++) {
      List<String> command = commands.get(i);
      FlowcProcess.Result result =
          flowc(env(null), urlWith(PostgresServer.PASSWORD), debug(i, true), command);

      assertThat(result.exitCode()).as("%s: %s", command, result.err()).isIn(0, 1);
      assertNoPassword(result, command);
    }
  }

  @Test
  void the_right_password_in_pgpassword_works_and_is_never_printed() throws Exception {
    List<List<String>> commands = commands();
    for (int i = 0; i < commands.size(); i++) {
      List<String> command = commands.get(i);
      FlowcProcess.Result result =
          flowc(env(PostgresServer.PASSWORD), url(), debug(i, false), command);

      assertThat(result.exitCode()).as("%s: %s", command, result.err()).isIn(0, 1);
      assertNoPassword(result, command);
    }
  }

  /**
   * A wrong password reaches every command the same way, wherever it was given: the two tests below
   * share the commands out (the URL's takes the even ones, {@code PGPASSWORD}'s the odd ones, each
   * half with and without {@code --debug}), so that each command meets a wrong password once and
   * each way of giving it meets half the commands, in 12 processes instead of 24.
   */
  private static void assertWrongPasswordRefused(int parity, Map<String, String> env, String store)
      throws IOException, InterruptedException {
    List<List<String>> commands = commands();
    for (int i = parity; i < commands.size(); i += 2) {
      List<String> command = commands.get(i);
      boolean debug = i % 4 < 2;
      FlowcProcess.Result result = flowc(env, store, debug, command);

      assertConnectionFailure(
          result,
          command,
          debug,
          "password authentication failed for user \"" + PostgresServer.PASSWORD_USER + "\"");
    }
  }

  @Test
  void a_wrong_password_in_the_url_is_one_line_exit_3_and_never_printed() throws Exception {
    assertWrongPasswordRefused(0, env(null), urlWith(WRONG));
  }

  @Test
  void a_wrong_password_in_pgpassword_is_one_line_exit_3_and_never_printed() throws Exception {
    assertWrongPasswordRefused(1, env(WRONG), url());
  }

  @Test
  void a_password_file_of_flowc_yaml_or_the_command_line_is_used_and_never_printed()
      throws Exception {
    Path right = Files.writeString(dir.resolve("right-password"), PostgresServer.PASSWORD + "\n");
    Path wrong = Files.writeString(dir.resolve("wrong-password"), WRONG + "\n");
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.writeString(
        project.resolve("flowc.yaml"),
        "store: %s\npassword_file: ../right-password\n".formatted(url()),
        UTF_8);
    FlowcProcess inProject = new FlowcProcess(project);

    FlowcProcess.Result fromYaml = inProject.run(env(null), List.of(), "runs", "--debug");
    FlowcProcess.Result fromOption =
        flowc.run(
            env(null), List.of(), "runs", "--store", url(), "--password-file", right.toString());
    FlowcProcess.Result wrongFile =
        flowc.run(
            env(null), List.of(), "runs", "--store", url(), "--password-file", wrong.toString());

    assertThat(fromYaml.exitCode()).as(fromYaml.err()).isZero();
    assertThat(fromYaml.out()).contains("p ");
    assertThat(fromOption.exitCode()).as(fromOption.err()).isZero();
    assertConnectionFailure(
        wrongFile,
        List.of("runs", "--password-file"),
        false,
        "password authentication failed for user \"" + PostgresServer.PASSWORD_USER + "\"");
    assertNoPassword(fromYaml, List.of("runs (flowc.yaml)"));
    assertNoPassword(fromOption, List.of("runs --password-file"));
  }

  @Test
  void the_pgpass_file_line_of_the_server_is_used_and_never_printed() throws Exception {
    Path pgpass =
        Files.writeString(
            dir.resolve("pgpass"),
            "otherhost:5432:*:*:not-this-one\n%s:%s:%s:%s\n"
                .formatted(
                    server.address(),
                    database,
                    PostgresServer.PASSWORD_USER,
                    PostgresServer.PASSWORD),
            UTF_8);
    Map<String, String> env = env(null);
    env.put("PGPASSFILE", pgpass.toString());

    FlowcProcess.Result result =
        flowc.run(env, List.of(), "status", "1", "--store", url(), "--debug");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("run 1 (p): ");
    assertNoPassword(result, List.of("status (pgpass)"));
  }

  @Test
  void a_password_file_that_cannot_be_read_is_exit_2() throws Exception {
    FlowcProcess.Result result =
        flowc.run(env(null), List.of(), "runs", "--store", url(), "--password-file", "missing");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo("flowc: cannot read password file 'missing': no such file or directory\n");
  }

  @Test
  void no_password_at_all_says_where_to_give_one() throws Exception {
    FlowcProcess.Result result = flowc(env(null), url(), false, List.of("runs"));

    assertConnectionFailure(
        result,
        List.of("runs"),
        false,
        "the server asks for a password and none was given (in the URL, PGPASSWORD, ~/.pgpass"
            + " or password_file)");
  }

  @Test
  void a_database_that_is_down_is_one_line_exit_3_and_the_password_never_printed()
      throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String down =
        "jdbc:postgresql://127.0.0.1:%d/%s?user=%s&password=%s"
            .formatted(port, database, PostgresServer.PASSWORD_USER, PostgresServer.PASSWORD);
    List<List<String>> commands = commands();
    for (int i = 0; i < commands.size(); i++) {
      List<String> command = commands.get(i);
      FlowcProcess.Result result =
          flowc(env(PostgresServer.PASSWORD), down, debug(i, false), command);

      assertThat(result.exitCode()).as("%s: %s", command, result.err()).isEqualTo(3);
      assertThat(result.err())
          .as("%s", command)
          .contains(
              "': cannot connect to 127.0.0.1:%d/%s: connection refused (is PostgreSQL running"
                      .formatted(port, database)
                  + " and listening there?)");
      if (!debug(i, false)) {
        assertThat(result.err().lines()).as("%s: %s", command, result.err()).hasSize(1);
      }
      assertNoPassword(result, command);
    }
  }
}
