package dev.flowc.runtime.store.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own, started from the machine's server binaries in a temporary
 * directory, for tests that need to control it: restart it, stop it, or make it listen on an
 * address of their own (a network namespace's veth). It trusts every connection (tests only), keeps
 * no data safe (no fsync) and is removed by {@link #close()}.
 *
 * <p>{@link #startWithPassword()} starts one whose only way in is a password (scram-sha-256), for
 * tests of right and wrong passwords, which a server that trusts everyone cannot tell apart.
 *
 * <p>PostgreSQL refuses to run as root: as root, the server runs as the user {@code postgres} (or
 * {@code nobody}) through {@code runuser}; otherwise as the current user.
 */
public final class PostgresServer implements AutoCloseable {
  /** Where to find initdb and pg_ctl when they are not in a standard place. */
  public static final String BINARIES_VARIABLE = "FLOWC_TEST_POSTGRES_BIN";

  /** The superuser of a server that asks for a password. */
  public static final String PASSWORD_USER = "flowc_pw";

  /**
   * The password of {@link #PASSWORD_USER}: a string found nowhere else, so that a test can look
   * for it in any output.
   */
  public static final String PASSWORD =
      "pw-" + java.util.UUID.randomUUID().toString().substring(0, 12);

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

  private static PostgresServer sharedWithPassword;

  private final Path bin;
  private final Path dir;
  private final List<String> runAs;
  private final String listenAddresses;
  private final int port;
  private final String password;
  private volatile boolean closed;

  private PostgresServer(
      Path bin, Path dir, List<String> runAs, String listenAddresses, int port, String password) {
    this.bin = bin;
    this.dir = dir;
    this.runAs = runAs;
    this.listenAddresses = listenAddresses;
    this.port = port;
    this.password = password;
  }

  /**
   * The directory of the server binaries ({@code initdb}, {@code pg_ctl}, {@code postgres}):
   * {@value #BINARIES_VARIABLE} when set, else the newest {@code /usr/lib/postgresql/N/bin}, else
   * the directory of an {@code initdb} on the {@code PATH}.
   */
  public static Optional<Path> binaries() {
    List<Path> candidates = new ArrayList<>();
    String configured = System.getenv(BINARIES_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        versions
            .filter(version -> version.getFileName().toString().matches("\\d+(\\.\\d+)?"))
            .sorted(
                Comparator.comparingDouble(
                        (Path version) -> Double.parseDouble(version.getFileName().toString()))
                    .reversed())
            .map(version -> version.resolve("bin"))
            .forEach(candidates::add);
      } catch (IOException e) {
        // Unreadable: try the PATH.
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(java.io.File.pathSeparator)) {
        if (!entry.isEmpty()) {
          candidates.add(Path.of(entry));
        }
      }
    }
    return candidates.stream()
        .filter(
            candidate ->
                Files.isExecutable(candidate.resolve("initdb"))
                    && Files.isExecutable(candidate.resolve("pg_ctl"))
                    && Files.isExecutable(candidate.resolve("postgres")))
        .findFirst();
  }

  /**
   * Starts a server listening on 127.0.0.1 on a free port.
   *
   * @throws IllegalStateException when there are no server binaries or the server does not start
   */
  public static PostgresServer start() {
    return start("127.0.0.1");
  }

  /**
   * Starts a server listening on {@code listenAddresses} (addresses of this machine, or of veths,
   * separated by commas; the first is {@link #host()}) on a free port, accepting connections from
   * any address.
   *
   * @throws IllegalStateException when there are no server binaries or the server does not start
   */
  public static PostgresServer start(String listenAddresses) {
    return start(listenAddresses, null);
  }

  /**
   * Starts a server on 127.0.0.1 whose superuser {@link #PASSWORD_USER} gets in only with {@link
   * #PASSWORD}; the caller closes it. Without server binaries the test is skipped, saying why.
   */
  public static PostgresServer startWithPassword() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        binaries().isPresent(),
        "no PostgreSQL server binaries (initdb, pg_ctl) for a server with passwords");
    return start("127.0.0.1", PASSWORD);
  }

  /**
   * One server of {@link #startWithPassword()} for the whole JVM, started on first use and stopped
   * at its exit.
   */
  public static synchronized PostgresServer sharedWithPassword() {
    if (sharedWithPassword == null) {
      PostgresServer server = startWithPassword();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-password-postgres"));
      sharedWithPassword = server;
    }
    return sharedWithPassword;
  }

  private static PostgresServer start(String listenAddresses, String password) {
    Path bin =
        binaries()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no PostgreSQL server binaries (initdb, pg_ctl): install them or set "
                            + BINARIES_VARIABLE));
    return start(bin, listenAddresses, password, () -> freePort(listenAddresses));
  }

  /**
   * A source of ports that are free when asked (see {@link #start(Path, String, String, Ports)}).
   */
  @FunctionalInterface
  interface Ports {
    int next() throws IOException;
  }

  /**
   * Starts a server on a port of {@code ports}. A free port is let go before the server binds it,
   * and another process may take it meanwhile: a server that could not bind its port starts again
   * on the next, up to {@value #PORT_ATTEMPTS} times.
   */
  static PostgresServer start(Path bin, String listenAddresses, String password, Ports ports) {
    for (int attempt = 1; ; attempt++) {
      PostgresServer server = newServer(bin, listenAddresses, password, ports);
      try {
        server.initialize();
        server.startServer();
        return server;
      } catch (RuntimeException e) {
        boolean portTaken = server.log().contains("could not bind");
        server.close();
        if (!portTaken || attempt == PORT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static final int PORT_ATTEMPTS = 3;

  private static PostgresServer newServer(
      Path bin, String listenAddresses, String password, Ports ports) {
    try {
      Path dir = Files.createTempDirectory("flowc-test-pg");
      Files.createDirectory(dir.resolve("socket"));
      Optional<UserPrincipal> serverUser = serverUser();
      List<String> runAs = List.of();
      if (serverUser.isPresent()) {
        Files.setOwner(dir, serverUser.get());
        Files.setOwner(dir.resolve("socket"), serverUser.get());
        runAs = List.of("runuser", "-u", serverUser.get().getName(), "--");
      }
      return new PostgresServer(bin, dir, runAs, listenAddresses, ports.next(), password);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first address the server listens on. */
  public String host() {
    return listenAddresses.split(",")[0].strip();
  }

  /** The TCP port the server listens on. */
  public int port() {
    return port;
  }

  /** {@code host:port}, as error messages name the server. */
  public String address() {
    return host() + ":" + port;
  }

  /** The superuser: {@code postgres}, or {@link #PASSWORD_USER} on a server with a password. */
  public String user() {
    return password == null ? "postgres" : PASSWORD_USER;
  }

  /** The JDBC URL of {@code database} as the superuser, without password, as a user writes it. */
  public String url(String database) {
    return url(host(), database);
  }

  /** The JDBC URL of {@code database} through {@code address}, one the server listens on. */
  public String url(String address, String database) {
    return "jdbc:postgresql://%s:%d/%s?user=%s".formatted(address, port, database, user());
  }

  /** A new superuser connection to {@code database}, with the password when there is one. */
  public java.sql.Connection connect(String database) throws java.sql.SQLException {
    String url = url(database);
    return java.sql.DriverManager.getConnection(
        password == null ? url : url + "&password=" + password);
  }

  /**
   * {@code pg_ctl restart -m fast}: every connection is cut, the server is back when it returns.
   */
  public void restart() {
    pgCtl("restart", "-m", "fast", "-o", options());
  }

  /** {@code pg_ctl stop -m fast}: every connection is cut; {@link #startAgain()} brings it back. */
  public void stop() {
    pgCtl("stop", "-m", "fast");
  }

  /** Starts the server after {@link #stop()}, on the same port. */
  public void startAgain() {
    startServer();
  }

  /** What the server logged so far, for failure messages. */
  public String log() {
    try {
      Path log = dir.resolve("server.log");
      return Files.exists(log) ? Files.readString(log, UTF_8) : "";
    } catch (IOException e) {
      return "(server log unreadable: " + e + ")";
    }
  }

  /** Stops the server at once and removes its directory. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (Files.exists(dir.resolve("data/postmaster.pid"))) {
      try {
        pgCtl("stop", "-m", "immediate");
      } catch (RuntimeException e) {
        // Removing the directory below is still worth doing.
      }
    }
    deleteRecursively(dir);
  }

  private void initialize() {
    String method = password == null ? "trust" : "scram-sha-256";
    List<String> command = new ArrayList<>(runAs);
    command.addAll(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-U",
            user(),
            "-A",
            method,
            "-E",
            "UTF8",
            "--no-locale",
            "-N"));
    try {
      if (password != null) {
        // initdb reads it as the server's user, which owns the directory.
        Path file = dir.resolve("password");
        Files.writeString(file, password + "\n", UTF_8);
        Files.setOwner(file, Files.getOwner(dir));
        command.add("--pwfile=" + file);
      }
      run(command, dir.resolve("initdb.log"));
      // Connections from a network namespace come from its own address: let them in too.
      Files.writeString(
          dir.resolve("data/pg_hba.conf"),
          "host all all 0.0.0.0/0 " + method + "\n",
          UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startServer() {
    pgCtl("start", "-l", dir.resolve("server.log").toString(), "-o", options());
  }

  private String options() {
    return ("-c listen_addresses=%s -p %d -k %s -c max_connections=300 -c fsync=off"
            + " -c synchronous_commit=off -c full_page_writes=off")
        .formatted(listenAddresses.replace(" ", ""), port, dir.resolve("socket"));
  }

  private void pgCtl(String action, String... arguments) {
    List<String> command = new ArrayList<>(runAs);
    command.addAll(
        List.of(
            bin.resolve("pg_ctl").toString(),
            action,
            "-D",
            dir.resolve("data").toString(),
            "-w",
            "-t",
            "60"));
    command.addAll(List.of(arguments));
    run(command, dir.resolve("pg_ctl.log"));
  }

  private void run(List<String> command, Path output) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "%s still runs after %s%s".formatted(command, COMMAND_TIMEOUT, details(output)));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "%s exited with %d%s".formatted(command, process.exitValue(), details(output)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private String details(Path output) {
    String printed;
    try {
      printed = Files.exists(output) ? Files.readString(output, UTF_8) : "";
    } catch (IOException e) {
      printed = "(unreadable: " + e + ")";
    }
    return "\n--- output:\n" + printed + "\n--- server log:\n" + log();
  }

  /** As root, the unprivileged user the server runs as; otherwise none (the current user). */
  private static Optional<UserPrincipal> serverUser() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.empty();
    }
    for (String name : List.of("postgres", "nobody")) {
      try {
        return Optional.of(
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name));
      } catch (IOException e) {
        // No such user: try the next.
      }
    }
    throw new IllegalStateException(
        "running as root, and neither the user postgres nor nobody exists to run PostgreSQL");
  }

  private static int freePort(String addresses) throws IOException {
    String first = addresses.split(",")[0].strip();
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(first))) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
