package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * PostgreSQL servers for the CLI's tests.
 *
 * <p>{@link #shared()}: the server of {@code FLOWC_TEST_POSTGRES} (a superuser JDBC URL; CI sets
 * it); tests skip, saying why, when it is unset. {@link #withPasswords()}: a private server this
 * JVM starts, whose only way in is a password (scram-sha-256), for tests of right and wrong
 * passwords, which a {@code trust} server cannot tell apart; tests skip when the server binaries
 * are not on the machine. Each test works in a database of its own, named {@code cli_...}.
 */
public final class TestPostgres {
  /** The superuser of the password server. */
  public static final String USER = "flowc_cli";

  /** Its password: a string found nowhere else, so that a test can look for it in any output. */
  public static final String PASSWORD = "pw-" + UUID.randomUUID().toString().substring(0, 12);

  private static TestPostgres passwordServer;

  private final String superuserUrl;
  private final String host;
  private final int port;
  private final List<String> stopCommand;

  private TestPostgres(String superuserUrl, String host, int port, List<String> stopCommand) {
    this.superuserUrl = superuserUrl;
    this.host = host;
    this.port = port;
    this.stopCommand = stopCommand;
  }

  /** The server of {@code FLOWC_TEST_POSTGRES}; the test is skipped when it is unset. */
  public static TestPostgres shared() {
    String url = System.getenv("FLOWC_TEST_POSTGRES");
    assumeTrue(
        url != null && !url.isBlank(),
        "FLOWC_TEST_POSTGRES (a superuser JDBC URL of a PostgreSQL server) is not set");
    java.util.regex.Matcher hostPort =
        java.util.regex.Pattern.compile("//([^/:?]+)(?::(\\d+))?").matcher(url);
    assumeTrue(hostPort.find(), "FLOWC_TEST_POSTGRES is not a jdbc:postgresql://HOST URL");
    return new TestPostgres(
        url,
        hostPort.group(1),
        hostPort.group(2) == null ? 5432 : Integer.parseInt(hostPort.group(2)),
        null);
  }

  /**
   * A private server with scram-sha-256 authentication of {@link #USER} by {@link #PASSWORD},
   * started once for this JVM and stopped when it exits; the test is skipped when the PostgreSQL
   * server binaries are not installed.
   */
  public static synchronized TestPostgres withPasswords() throws IOException, InterruptedException {
    if (passwordServer == null) {
      passwordServer = startPasswordServer();
    }
    return passwordServer;
  }

  /**
   * A private server of the test's own, with passwords as {@link #withPasswords()}, which the test
   * may {@link #stop()}; stopped when the JVM exits in any case.
   */
  public static TestPostgres startPrivate() throws IOException, InterruptedException {
    return startPasswordServer();
  }

  /** Stops a private server at once, as a crash would ({@code pg_ctl stop -m immediate}). */
  public void stop() throws IOException, InterruptedException {
    if (stopCommand == null) {
      throw new IllegalStateException("only a private server can be stopped");
    }
    run(stopCommand);
  }

  /** {@code host:port} of the server. */
  public String address() {
    return host + ":" + port;
  }

  /** A new empty database, {@code cli_<what>_<random>}; returns its name. */
  public String createDatabase(String what) throws SQLException {
    String name =
        ("cli_" + what + "_" + UUID.randomUUID().toString().substring(0, 8))
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9_]", "_");
    try (Connection connection = superuser();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return name;
  }

  /** Drops a database {@link #createDatabase} made, closing its connections first. */
  public void dropDatabase(String name) throws SQLException {
    try (Connection connection = superuser();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /**
   * The store URL of {@code database}, as a user writes it: {@code
   * jdbc:postgresql://host:port/database?user=...}, with the user of the superuser URL and no
   * password.
   */
  public String storeUrl(String database) {
    String user = userOfSuperuserUrl();
    return "jdbc:postgresql://%s/%s?user=%s".formatted(address(), database, user);
  }

  /** A superuser connection to {@code database}, for assertions in the database. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        superuserUrl.replaceFirst("(//[^/]+/)[^?]*", "$1" + database));
  }

  private Connection superuser() throws SQLException {
    return DriverManager.getConnection(superuserUrl);
  }

  private String userOfSuperuserUrl() {
    java.util.regex.Matcher user =
        java.util.regex.Pattern.compile("[?&]user=([^&]+)").matcher(superuserUrl);
    return user.find() ? user.group(1) : System.getProperty("user.name");
  }

  private static TestPostgres startPasswordServer() throws IOException, InterruptedException {
    Path bin = serverBinaries();
    assumeTrue(
        bin != null, "the PostgreSQL server binaries (initdb, pg_ctl) are not on this machine");
    Path dir = Files.createTempDirectory("flowc-cli-pg");
    Path socket = Files.createDirectory(dir.resolve("socket"));
    Path passwordFile = dir.resolve("password");
    Files.writeString(passwordFile, PASSWORD + "\n", UTF_8);
    List<String> as = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      // PostgreSQL refuses to run as root.
      run(List.of("chown", "-R", "postgres", dir.toString()));
      as.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    List<String> initdb = new ArrayList<>(as);
    initdb.addAll(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-U",
            USER,
            "--pwfile=" + passwordFile,
            "-A",
            "scram-sha-256",
            "-E",
            "UTF8",
            "--no-locale"));
    run(initdb);
    List<String> start = new ArrayList<>(as);
    start.addAll(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-l",
            dir.resolve("server.log").toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off".formatted(port, socket),
            "start"));
    run(start);
    List<String> stop = new ArrayList<>(as);
    stop.addAll(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-m",
            "immediate",
            "-w",
            "stop"));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                      run(stop);
                    }
                    deleteTree(dir);
                  } catch (IOException | InterruptedException e) {
                    // The JVM is exiting: a server left behind stops with the machine.
                  }
                }));
    return new TestPostgres(
        "jdbc:postgresql://127.0.0.1:%d/postgres?user=%s&password=%s"
            .formatted(port, USER, PASSWORD),
        "127.0.0.1",
        port,
        stop);
  }

  private static Path serverBinaries() throws IOException {
    Path versions = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(versions)) {
      return null;
    }
    try (Stream<Path> entries = Files.list(versions)) {
      return entries
          .map(version -> version.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
          .filter(bin -> Files.isExecutable(bin.resolve("pg_ctl")))
          .max(Comparator.comparing(Path::toString))
          .orElse(null);
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("flowc-cli-pg", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException(command.get(command.size() - 1) + " did not finish in 2 minutes");
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            "%s failed (exit %d): %s"
                .formatted(command, process.exitValue(), Files.readString(log, UTF_8)));
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
