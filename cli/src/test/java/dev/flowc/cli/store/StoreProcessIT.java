package dev.flowc.cli.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.cli.FlowcProcessAccess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged flowc against a store another process locks, or on a read-only file system. */
class StoreProcessIT {
  private static final String NL = System.lineSeparator();

  @TempDir Path dir;
  private FlowcProcessAccess flowc;

  @BeforeEach
  void createStore() throws Exception {
    flowc = new FlowcProcessAccess(dir);
    Files.writeString(dir.resolve("p.flow"), "pipeline p { stage a { handler \"builtin.noop\" } }");
    FlowcProcessAccess.Outcome run = flowc.run("run", "p.flow", "--store", "s.db");
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void a_store_locked_by_another_process_is_waited_for_visibly_then_given_up() throws Exception {
    try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
        Statement statement = holder.createStatement()) {
      statement.execute("BEGIN EXCLUSIVE");
      long start = System.nanoTime();
      FlowcProcessAccess.Started submit =
          flowc.start("submit", "p.flow", "--store", "s.db", "--lock-timeout", "4s");

      String waiting =
          "flowc: waiting for the store s.db, locked by another process (gives up after 4s;"
              + " --lock-timeout)"
              + NL;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!submit.err().startsWith(waiting) && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(20); // polling interval
      }
      long toldMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(submit.err()).startsWith(waiting);
      assertThat(toldMillis).as("told after the JVM started and waited 1s").isGreaterThan(1_000);

      assertThat(submit.awaitExit()).isEqualTo(3);
      long exitMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(exitMillis).isGreaterThanOrEqualTo(4_000);
      assertThat(submit.err())
          .isEqualTo(
              waiting
                  + "flowc: store error: cannot write to store '%s': the database is locked by"
                      .formatted(dir.resolve("s.db"))
                  + " another process (gave up after 4s)"
                  + NL);
      statement.execute("ROLLBACK");
    }
    assertThat(flowc.run("runs", "--store", "s.db").out()).doesNotContain("pending");
  }

  @Test
  void the_lock_timeout_of_flowc_yaml_applies() throws Exception {
    Files.writeString(dir.resolve("flowc.yaml"), "store: s.db\nlock_timeout: 1500ms\n");
    try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
        Statement statement = holder.createStatement()) {
      statement.execute("BEGIN EXCLUSIVE");

      FlowcProcessAccess.Outcome cancel = flowc.run("cancel", "--run", "1");

      assertThat(cancel.exitCode()).isEqualTo(3);
      assertThat(cancel.err())
          .startsWith(
              "flowc: waiting for the store s.db, locked by another process (gives up after 1500ms;"
                  + " --lock-timeout)"
                  + NL)
          .endsWith("(gave up after 1500ms)" + NL);
      statement.execute("ROLLBACK");
    }
  }

  @Test
  void reading_commands_work_on_a_read_only_file_system() throws Exception {
    assertThat(dir.resolve("s.db-wal")).as("closed cleanly").doesNotExist();
    List<String> before = listing();
    for (List<String> command :
        List.of(
            List.of("status", "1"),
            List.of("runs"),
            List.of("job", "1"),
            List.of("stats"),
            List.of("dead-letters"))) {
      Outcome outcome = onReadOnlyMount(command);

      assertThat(outcome.exitCode()).as("%s: %s", command, outcome.err()).isZero();
      assertThat(outcome.err()).as("%s", command).isEmpty();
      assertThat(listing()).as("%s", command).isEqualTo(before);
    }
    assertThat(onReadOnlyMount(List.of("status", "1")).out()).contains("complete");

    Outcome cancel = onReadOnlyMount(List.of("cancel", "--run", "1"));
    assertThat(cancel.exitCode()).isEqualTo(3);
    assertThat(cancel.err())
        .isEqualTo(
            "flowc: cannot open store 's.db': the file cannot be opened (check the directory"
                + " exists and is writable)"
                + NL);
  }

  private List<String> listing() throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }

  record Outcome(int exitCode, String out, String err) {}

  /**
   * Runs the packaged flowc in {@code dir} mounted read-only, in a user and mount namespace of its
   * own ({@code unshare}), so that even root cannot write there; as a non-root user without
   * unshare, in a directory without write permission.
   */
  private Outcome onReadOnlyMount(List<String> args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = Path.of(System.getProperty("flowc.jar")).toAbsolutePath().toString();
    List<String> command = new ArrayList<>();
    if (unshareWorks()) {
      StringBuilder script =
          new StringBuilder("mount --bind \"$1\" \"$1\" && mount -o remount,ro,bind \"$1\"")
              .append(" && cd \"$1\" && touch .probe 2>/dev/null && exit 90; shift; exec \"$@\"");
      command.addAll(List.of("unshare", "-rm", "sh", "-c", script.toString(), "sh"));
      command.add(dir.toString());
    } else {
      Assumptions.assumeFalse(
          "root".equals(System.getProperty("user.name")),
          "needs unshare (user namespaces) to make a read-only file system as root");
      assertThat(dir.toFile().setWritable(false, false)).isTrue();
    }
    command.addAll(List.of(java, "-XX:+UseSerialGC", "-jar", jar));
    command.addAll(args);
    command.addAll(List.of("--store", "s.db"));
    Path out = Files.createTempFile("flowc-out", ".txt");
    Path err = Files.createTempFile("flowc-err", ".txt");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("flowc %s finished", args).isTrue();
      assertThat(process.exitValue()).as("the mount is read-only").isNotEqualTo(90);
      return new Outcome(
          process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    } finally {
      dir.toFile().setWritable(true, true);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Boolean unshare;

  private static synchronized boolean unshareWorks() throws InterruptedException {
    if (unshare == null) {
      try {
        Process probe =
            new ProcessBuilder("unshare", "-rm", "true")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        unshare = probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
      } catch (IOException e) {
        unshare = false;
      }
    }
    return unshare;
  }
}
