package dev.flowc.samples.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ETL sample with its store in PostgreSQL ({@code --store jdbc:postgresql://...} over the
 * SQLite store of its flowc.yaml), through the commands a user types: run, status, job,
 * dead-letters, resume and workers. Needs {@code FLOWC_TEST_POSTGRES} (a superuser JDBC URL); each
 * test gets a database of its own.
 */
class EtlPostgresIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path PIPELINE = ROOT.resolve("samples/etl/pipeline.flow");
  private static final Path API_RECORDS = ROOT.resolve("samples/etl/data/api-records.json");

  @TempDir Path dir;

  private String server;
  private String database;

  private record Result(int exit, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + out + err, e);
      }
    }
  }

  @BeforeEach
  void createDatabase() throws Exception {
    server = System.getenv("FLOWC_TEST_POSTGRES");
    assumeTrue(
        server != null && !server.isBlank(),
        "FLOWC_TEST_POSTGRES (a superuser JDBC URL of a PostgreSQL server) is not set");
    database = "cli_etl_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection connection = DriverManager.getConnection(server);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
  }

  @AfterEach
  void dropDatabase() throws Exception {
    if (database != null) {
      try (Connection connection = DriverManager.getConnection(server);
          Statement statement = connection.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      }
    }
  }

  /** The URL of this test's database, as a user writes it. */
  private String store() {
    return server.replaceFirst("(//[^/]+/)[^?]*", "$1" + database);
  }

  private Result flowc(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  private String[] runArgs(String... params) {
    List<String> args = new ArrayList<>(List.of("run", PIPELINE.toString(), "--store", store()));
    args.addAll(List.of("--param", "warehouse=" + dir.resolve("warehouse.db")));
    for (String param : params) {
      args.addAll(List.of("--param", param));
    }
    return args.toArray(String[]::new);
  }

  private JsonNode status(long run) {
    Result status = flowc("status", String.valueOf(run), "--store", store(), "--format", "json");
    assertThat(status.exit()).as(status.err()).isZero();
    return status.json();
  }

  private JsonNode stage(JsonNode status, String stage) {
    for (JsonNode job : status.get("jobs")) {
      if (job.get("stage").asText().equals(stage)) {
        return job;
      }
    }
    throw new AssertionError("no stage " + stage + " in " + status);
  }

  private long completedInDatabase() throws Exception {
    try (Connection connection = DriverManager.getConnection(store());
        Statement statement = connection.createStatement();
        ResultSet count =
            statement.executeQuery("SELECT count(*) FROM jobs WHERE state = 'complete'")) {
      count.next();
      return count.getLong(1);
    }
  }

  @Test
  void the_sample_runs_on_postgresql_and_is_inspected_there() throws Exception {
    Result run = flowc(runArgs());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).contains("store " + store());
    assertThat(run.out())
        .contains("run 1 (etl): complete, 5 complete")
        .contains("result of load: {\"table\":\"analytics.events\",\"rows_inserted\":300}");
    assertThat(completedInDatabase()).isEqualTo(5);
    JsonNode load = stage(status(1), "load");
    Result job = flowc("job", load.get("id").asText(), "--store", store(), "--format", "json");
    assertThat(job.exit()).as(job.err()).isZero();
    assertThat(job.json().at("/result/rows_inserted").asInt()).isEqualTo(300);
    Result letters = flowc("dead-letters", "--store", store());
    assertThat(letters.exit()).as(letters.err()).isZero();
    assertThat(letters.out()).isEqualTo("no dead jobs\n");
    Result workers = flowc("workers", "--store", store());
    assertThat(workers.exit()).as(workers.err()).isZero();
    assertThat(workers.out()).startsWith("no live workers in store '");
  }

  @Test
  void a_dead_extract_is_a_dead_letter_and_resume_finishes_the_run() throws Exception {
    Path endpoint = dir.resolve("api.json");
    Result failed = flowc(runArgs("api_endpoint=" + endpoint, "api_backoff=10ms"));

    assertThat(failed.exit()).as(failed.err()).isEqualTo(1);
    assertThat(stage(status(1), "extract_api").get("state").asText()).isEqualTo("dead");
    assertThat(stage(status(1), "load").get("state").asText()).isEqualTo("cancelled");
    Result letters = flowc("dead-letters", "--store", store(), "--format", "json");
    assertThat(letters.json().get("dead_letters"))
        .singleElement()
        .satisfies(letter -> assertThat(letter.get("stage").asText()).isEqualTo("extract_api"));

    Files.copy(API_RECORDS, endpoint);
    Result resumed = flowc("resume", "1", "--store", store());

    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(status(1).at("/run/status").asText()).isEqualTo("complete");
    assertThat(completedInDatabase()).isEqualTo(5);
  }

  @Test
  void the_worker_of_a_run_is_listed_while_it_works() throws Exception {
    // Two failed attempts 2 s apart keep the run going long enough to look at its worker.
    CompletableFuture<Result> run =
        CompletableFuture.supplyAsync(() -> flowc(runArgs("api_failures=2", "api_backoff=2s")));
    JsonNode workers = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && !run.isDone()) {
      Result listed = flowc("workers", "--store", store(), "--format", "json");
      if (listed.exit() == 0 && listed.json().get("workers").size() > 0) {
        workers = listed.json().get("workers");
        break;
      }
      TimeUnit.MILLISECONDS.sleep(100); // polling interval
    }

    assertThat(workers).as("a live worker while the run works").isNotNull().hasSize(1);
    assertThat(workers.at("/0/pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    assertThat(workers.at("/0/threads").asInt()).isEqualTo(4);
    Result done = run.get(2, TimeUnit.MINUTES);
    assertThat(done.exit()).as(done.err()).isZero();
    assertThat(flowc("workers", "--store", store()).out()).startsWith("no live workers");
  }
}
