package dev.flowc.runtime.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.Worker;
import dev.flowc.runtime.WorkerOptions;
import dev.flowc.runtime.handler.HandlerRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The main class of the child JVMs of the multi-process tests. It prints what the test waits for
 * ({@code run 12}, {@code ready}, {@code done ...}) on stdout, one line each.
 *
 * <ul>
 *   <li>{@code submit-and-work DB}: submits {@link CrashPlan} and works on it until killed.
 *   <li>{@code finish DB RUN}: works until the run is final; prints {@code done STATUS PROCESSED}.
 *   <li>{@code work DB RUN}: prints {@code working} once its worker runs, then as {@code finish},
 *       but a job may be reclaimed any number of times (the kill test kills it again and again).
 *   <li>{@code hold DB}: one thread, a prefetch of 8, the default reclaim cap; prints {@code
 *       working} and works until killed.
 *   <li>{@code drain DB LOG}: prints {@code ready}, waits for a line on stdin, then runs jobs (with
 *       {@link RecordingHandler} writing to LOG) until no job is left in any process; prints {@code
 *       processed N}.
 *   <li>{@code serve STORE LOG NAME GATE LEASE_MS}: four threads on every queue, with {@link
 *       RecordingHandler} writing to LOG, {@link GateHandler} as process NAME held by the file GATE
 *       ({@code -} for none), the built-in handlers, and a lease of LEASE_MS; prints {@code
 *       working}, prints {@code failed: REASON} as soon as the store fails its worker, works until
 *       a line arrives on stdin, stops its worker and prints {@code stopped PROCESSED}, followed by
 *       {@code failed: REASON} when the store failed the worker.
 *   <li>{@code probe URL}: connects to a PostgreSQL database, prints {@code connected ADDRESS} (the
 *       address the server sees it at) and exits; {@code unreachable REASON} when it cannot.
 * </ul>
 *
 * STORE is a SQLite file's path or a PostgreSQL JDBC URL.
 *
 * <p>The crash modes use a {@value #CRASH_LEASE_MS} ms lease, so a killed process's jobs come back
 * quickly; {@code drain} a long one, so a process starved of CPU on a busy machine does not lose a
 * lease (and run a job twice) in a test that counts executions.
 */
public final class WorkerProcess {
  static final long CRASH_LEASE_MS = 1_000;
  private static final long DRAIN_LEASE_MS = 30_000;
  private static final Duration LIMIT = Duration.ofMinutes(2);

  private WorkerProcess() {}

  public static void main(String[] args) throws Exception {
    int code =
        switch (args[0]) {
          case "submit-and-work" -> submitAndWork(args[1]);
          case "finish" -> finish(args[1], Long.parseLong(args[2]));
          case "drain" -> drain(args[1], Path.of(args[2]));
          case "work" -> work(args[1], Long.parseLong(args[2]));
          case "hold" -> hold(args[1]);
          case "probe" -> probe(args[1]);
          case "serve" ->
              serve(args[1], Path.of(args[2]), args[3], args[4], Long.parseLong(args[5]));
          default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        };
    System.out.flush();
    System.exit(code);
  }

  /** A runtime on {@code store}: a SQLite file's path or a PostgreSQL JDBC URL. */
  static FlowRuntime.Builder runtime(String store, long leaseMs) {
    return FlowRuntime.builder()
        .store(store)
        .leaseDuration(Duration.ofMillis(leaseMs))
        .heartbeatInterval(Duration.ofMillis(leaseMs / 4))
        .pollInterval(Duration.ofMillis(20));
  }

  private static int submitAndWork(String db) throws Exception {
    try (FlowRuntime runtime = runtime(db, CRASH_LEASE_MS).open()) {
      RunView run = runtime.submit(CrashPlan.plan());
      System.out.println("run " + run.id());
      System.out.flush();
      try (Worker worker = runtime.startWorker(WorkerOptions.of(4))) {
        RunView done = runtime.awaitRun(run.id(), LIMIT);
        // The test kills this process long before: finishing means the test was too slow.
        System.out.println("done " + done.status() + " " + worker.processed());
      }
    }
    return 0;
  }

  private static int finish(String db, long runId) throws Exception {
    try (FlowRuntime runtime = runtime(db, CRASH_LEASE_MS).open();
        Worker worker = runtime.startWorker(WorkerOptions.of(4))) {
      RunView done = runtime.awaitRun(runId, LIMIT);
      // A handler thread counts its job after handing the outcome to the store, so the run can be
      // seen complete a moment before the last count (seen under load: one short). Closing the
      // worker waits for its handler threads to be done with their jobs.
      worker.close();
      System.out.println("done " + done.status() + " " + worker.processed());
      return done.status() == RunStatus.COMPLETE ? 0 : 1;
    }
  }

  private static int work(String db, long runId) throws Exception {
    try (FlowRuntime runtime = runtime(db, CRASH_LEASE_MS).maxReclaims(1_000).open();
        Worker worker = runtime.startWorker(WorkerOptions.of(4))) {
      System.out.println("working");
      System.out.flush();
      RunView done = runtime.awaitRun(runId, LIMIT);
      worker.close(); // for the last count: see finish
      System.out.println("done " + done.status() + " " + worker.processed());
      return 0;
    }
  }

  private static int hold(String db) throws Exception {
    try (FlowRuntime runtime = runtime(db, CRASH_LEASE_MS).open();
        Worker worker = runtime.startWorker(WorkerOptions.of(1).withPrefetch(8))) {
      System.out.println("working");
      System.out.flush();
      Thread.sleep(LIMIT.toMillis()); // until killed; the test never lets it get this far
      return 1;
    }
  }

  private static int drain(String db, Path log) throws Exception {
    HandlerRegistry handlers =
        HandlerRegistry.create(
            WorkerProcess.class.getClassLoader(), List.of(new RecordingHandler.Module(log)));
    try (FlowRuntime runtime = runtime(db, DRAIN_LEASE_MS).handlers(handlers).open()) {
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, UTF_8)).readLine();
      long processed;
      try (Worker worker = runtime.startWorker(WorkerOptions.of(2))) {
        if (!worker.awaitDrained(LIMIT)) {
          System.out.println("not drained after " + LIMIT);
          return 1;
        }
        processed = worker.processed();
      }
      System.out.println("processed " + processed);
      return 0;
    }
  }

  private static int serve(String store, Path log, String name, String gate, long leaseMs)
      throws Exception {
    HandlerRegistry handlers =
        HandlerRegistry.create(
            WorkerProcess.class.getClassLoader(),
            List.of(
                new RecordingHandler.Module(log),
                new GateHandler.Module(
                    name, gate.equals("-") ? Optional.empty() : Optional.of(Path.of(gate)))));
    try (FlowRuntime runtime =
        runtime(store, leaseMs)
            .handlers(handlers)
            .maxReclaims(1_000)
            // The gate handler speaks to the test on stdout, not to its job's log.
            .captureOutput(false)
            .open()) {
      Worker worker = runtime.startWorker(WorkerOptions.of(4));
      System.out.println("working");
      System.out.flush();
      Thread watch =
          new Thread(
              () -> {
                try {
                  // Said at once, so a test fails then rather than at its deadline.
                  while (worker.storeFailure().isEmpty()) {
                    Thread.sleep(50);
                  }
                  synchronized (System.out) {
                    System.out.println("failed: " + worker.storeFailure().get());
                    System.out.flush();
                  }
                } catch (InterruptedException e) {
                  // Stopping.
                }
              },
              "watch-store-failure");
      watch.setDaemon(true);
      watch.start();
      new BufferedReader(new InputStreamReader(System.in, UTF_8)).readLine();
      worker.close();
      watch.interrupt();
      synchronized (System.out) {
        System.out.println(
            "stopped "
                + worker.processed()
                + worker.storeFailure().map(failure -> " failed: " + failure).orElse(""));
        System.out.flush();
      }
      return 0;
    }
  }

  private static int probe(String url) {
    Properties properties = new Properties();
    properties.setProperty("connectTimeout", "3");
    properties.setProperty("socketTimeout", "5");
    try (Connection connection = DriverManager.getConnection(url, properties);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT host(inet_client_addr())")) {
      rows.next();
      System.out.println("connected " + rows.getString(1));
      return 0;
    } catch (SQLException e) {
      System.out.println("unreachable " + e.getMessage());
      return 1;
    }
  }
}
