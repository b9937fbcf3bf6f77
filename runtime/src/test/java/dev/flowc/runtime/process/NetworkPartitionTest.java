package dev.flowc.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.store.postgres.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two worker "machines" (network namespaces) share a PostgreSQL database on the host over TCP.
 * Machine A is cut off from the network in the middle of a 3,000-job run while it holds jobs: when
 * their leases expire, machine B reclaims them and finishes the run, every result right, nothing
 * counted twice. Then A comes back and tries to record the jobs it still held: the store refuses,
 * and the outcomes recorded stay B's. In the other test, A's worker is killed (SIGKILL) instead,
 * mid-run: B reclaims its jobs once their leases expire and records each one's outcome once.
 */
@Tag("slow")
class NetworkPartitionTest {
  private static final long LEASE_MS = 3_000;
  private static final int HELD = 2;
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration FINISH = Duration.ofSeconds(150);

  @TempDir Path dir;

  /**
   * Two machines, A and B, and a database on the host that both reach over TCP: a run of jobs A
   * holds (blocked in their handlers by {@code gate}) and a 3,000-job run that A has started alone.
   */
  private record Machines(
      NetworkNamespace a,
      NetworkNamespace b,
      PostgresServer server,
      FlowRuntime observer,
      long heldRun,
      long crashRun,
      int total,
      ChildJvm machineA) {}

  private interface Scenario {
    void play(Machines machines) throws Exception;
  }

  /** Sets {@link Machines} up, with A working and holding its jobs, and plays {@code scenario}. */
  private void withMachines(Path gate, Scenario scenario) throws Exception {
    Assumptions.assumeTrue(
        NetworkNamespace.unavailable().isEmpty(), () -> NetworkNamespace.unavailable().get());
    Assumptions.assumeTrue(
        PostgresServer.binaries().isPresent(), "no PostgreSQL server binaries on this machine");
    int subnet = MachinesSubnet.next();
    try (NetworkNamespace a = NetworkNamespace.create(subnet, 1);
        NetworkNamespace b = NetworkNamespace.create(subnet, 2);
        PostgresServer server =
            PostgresServer.start(String.join(",", "127.0.0.1", a.hostAddress(), b.hostAddress()))) {
      try (Connection admin = DriverManager.getConnection(server.url("postgres"));
          Statement statement = admin.createStatement()) {
        statement.execute("CREATE DATABASE flowc");
      }
      String local = server.url("flowc");
      try (FlowRuntime observer = WorkerProcess.runtime(local, LEASE_MS).open()) {
        long heldRun = observer.submit(heldPlan()).id();
        long crashRun = observer.submit(CrashPlan.plan()).id();
        int total = CrashPlan.expectedResults().size();

        try (ChildJvm machineA = serve(a, server, "A", gate.toString())) {
          machineA.awaitLine("working", START);
          for (int i = 0; i < HELD; i++) {
            machineA.awaitLine("holding ", START);
          }
          awaitComplete(observer, crashRun, total / 10, "a tenth of the run done by A alone");
          scenario.play(new Machines(a, b, server, observer, heldRun, crashRun, total, machineA));
        }
      }
    }
  }

  /** Waits until B alone has finished both runs, and checks them. */
  private static void awaitFinishedByB(Machines machines, ChildJvm machineB) throws Exception {
    for (long run : List.of(machines.heldRun(), machines.crashRun())) {
      RunView done =
          Poll.until(
              FINISH,
              () -> machines.observer().run(run).orElseThrow(),
              view -> view.status() != RunStatus.RUNNING || machineB.printed("failed: "),
              "run " + run + " finishing");
      assertThat(done.status())
          .as(
              "run %d, finished by B alone%s\n--- sessions:\n%s",
              run, machineB.details(), sessions(machines.server()))
          .isEqualTo(RunStatus.COMPLETE);
    }
    assertFinishedByB(
        machines.observer(), machines.heldRun(), machines.crashRun(), machines.server());
    assertThat(machines.observer().jobs(machines.heldRun()))
        .as("held jobs reclaimed from A")
        .allSatisfy(job -> assertThat(job.reclaims()).isPositive());
  }

  private static void stop(ChildJvm machineB) throws Exception {
    machineB.send("stop");
    String stopped = machineB.awaitLine("stopped ", START);
    assertThat(stopped).as("B never lost the store").doesNotContain("failed");
    assertThat(machineB.awaitExit(START)).as(machineB.details()).isZero();
  }

  @Test
  void a_machine_cut_off_mid_run_loses_its_jobs_to_the_other_and_its_late_writes_are_refused()
      throws Exception {
    Path gate = dir.resolve("gate-a");
    withMachines(
        gate,
        machines -> {
          ChildJvm machineA = machines.machineA();
          try (ChildJvm machineB = serve(machines.b(), machines.server(), "B", "-")) {
            machineB.awaitLine("working", START);
            awaitComplete(
                machines.observer(),
                machines.crashRun(),
                machines.total() / 3,
                "a third of the run done");
            machines.a().cutOff();

            awaitFinishedByB(machines, machineB);
            List<JobSummary> crashJobs = machines.observer().jobs(machines.crashRun());

            // A comes back, its handlers return, and it tries to record their outcomes: late.
            machines.a().reconnect();
            Files.createFile(gate);
            for (int i = 0; i < HELD; i++) {
              machineA.awaitLine("returning ", START);
            }
            machineA.send("stop");
            machineA.awaitLine("stopped ", START);
            assertThat(machineA.awaitExit(START)).as(machineA.details()).isZero();

            assertFinishedByB(
                machines.observer(), machines.heldRun(), machines.crashRun(), machines.server());
            assertThat(machines.observer().jobs(machines.crashRun()))
                .as("the run's jobs after A's late writes")
                .isEqualTo(crashJobs);
            stop(machineB);
          }
        });
  }

  @Test
  void a_worker_killed_on_one_machine_mid_run_has_its_jobs_finished_once_by_the_other()
      throws Exception {
    withMachines(
        dir.resolve("gate-a"),
        machines -> {
          try (ChildJvm machineB = serve(machines.b(), machines.server(), "B", "-")) {
            machineB.awaitLine("working", START);
            awaitComplete(
                machines.observer(),
                machines.crashRun(),
                machines.total() / 3,
                "a third of the run done");
            machines.machineA().kill();

            // Its leases expire; B reclaims its jobs and records each outcome once.
            awaitFinishedByB(machines, machineB);
            stop(machineB);
          }
        });
  }

  /** Jobs that machine A will hold, unfinished, when it is cut off. */
  private static Plan heldPlan() {
    List<JobSpec> jobs = new ArrayList<>();
    for (int i = 0; i < HELD; i++) {
      // Before every job of the big run, so A, the only worker at first, takes them first.
      jobs.add(
          JobSpec.builder("held_" + i, GateHandler.NAME)
              .priority(10)
              .retries(0)
              .input(JsonNodeFactory.instance.objectNode())
              .build());
    }
    return new Plan("held", null, null, Map.of(), List.of(QueueSpec.defaultQueue()), jobs);
  }

  private ChildJvm serve(NetworkNamespace machine, PostgresServer server, String name, String gate)
      throws Exception {
    return ChildJvm.startWith(
        machine.exec(),
        dir,
        "machine-" + name,
        WorkerProcess.class,
        "serve",
        server.url(machine.hostAddress(), "flowc"),
        dir.resolve("executions-" + name + ".log").toString(),
        name,
        gate,
        "" + LEASE_MS);
  }

  private static void assertFinishedByB(
      FlowRuntime observer, long heldRun, long crashRun, PostgresServer server) throws Exception {
    Map<String, JsonNode> byB = new LinkedHashMap<>();
    for (int i = 0; i < HELD; i++) {
      byB.put("held_" + i, JsonNodeFactory.instance.objectNode().put("by", "B"));
    }
    RunChecks.assertCompleteWith(observer, heldRun, byB);
    RunChecks.assertCompleteWith(observer, crashRun, CrashPlan.expectedResults());
    try (Connection sql = DriverManager.getConnection(server.url("flowc"))) {
      RunChecks.assertNothingCountedTwice(sql, heldRun);
      RunChecks.assertNothingCountedTwice(sql, crashRun);
    }
  }

  /** The database's sessions, for failure messages: who holds or waits for what. */
  private static String sessions(PostgresServer server) {
    StringBuilder text = new StringBuilder();
    try (Connection sql = DriverManager.getConnection(server.url("flowc"));
        Statement statement = sql.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT client_addr, state, wait_event_type, wait_event,"
                    + " now() - xact_start AS in_transaction, left(query, 160) AS query"
                    + " FROM pg_stat_activity WHERE datname = 'flowc' AND pid <> pg_backend_pid()")) {
      while (rows.next()) {
        for (int column = 1; column <= 6; column++) {
          text.append(rows.getString(column)).append(column < 6 ? " | " : "\n");
        }
      }
    } catch (SQLException e) {
      text.append("(unreadable: ").append(e.getMessage()).append(")");
    }
    return text.toString();
  }

  private static void awaitComplete(FlowRuntime observer, long runId, int jobs, String what)
      throws InterruptedException {
    Poll.until(
        START,
        () -> observer.run(runId).orElseThrow(),
        run -> run.jobs() - run.unfinished() >= jobs,
        what);
  }
}
