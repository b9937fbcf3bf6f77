package dev.flowc.samples.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ETL sample through the commands a user types, as the sample's README walks through them: in
 * process through picocli, and as a real {@code ./flowc} process started in a fresh directory. The
 * store and the warehouse go to a temporary directory; the pipeline, its flowc.yaml and its data
 * are the ones in samples/etl.
 */
class EtlCommandsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path PIPELINE = ROOT.resolve("samples/etl/pipeline.flow");
  private static final Path API_RECORDS = ROOT.resolve("samples/etl/data/api-records.json");

  @TempDir Path dir;

  private record Result(int exit, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + out + err, e);
      }
    }
  }

  private Result flowc(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  private String store() {
    return dir.resolve("flowc.db").toString();
  }

  private String warehouse() {
    return dir.resolve("warehouse.db").toString();
  }

  private List<String> runArgs(String... params) {
    List<String> args = new ArrayList<>(List.of("run", PIPELINE.toString(), "--store", store()));
    args.addAll(List.of("--param", "warehouse=" + warehouse()));
    for (String param : params) {
      args.addAll(List.of("--param", param));
    }
    return args;
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

  private JsonNode job(JsonNode status, String stage) {
    String id = stage(status, stage).get("id").asText();
    Result job = flowc("job", id, "--store", store(), "--format", "json");
    assertThat(job.exit()).as(job.err()).isZero();
    return job.json();
  }

  private long warehouseRows() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + warehouse());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM \"analytics.events\"")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void a_clean_run_loads_300_rows_into_the_warehouse() throws Exception {
    Result run = flowc(runArgs().toArray(String[]::new));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("run 1 (etl): complete")
        .contains("result of load: {\"table\":\"analytics.events\",\"rows_inserted\":300}");
    JsonNode load = job(status(1), "load");
    assertThat(load.at("/result/rows_inserted").asInt()).isEqualTo(300);
    assertThat(load.get("dependencies")).hasSize(2);
    assertThat(warehouseRows()).isEqualTo(300);
  }

  @Test
  void api_failures_2_completes_with_3_attempts_and_2_error_rows_on_extract_api() {
    Result run = flowc(runArgs("api_failures=2", "api_backoff=10ms").toArray(String[]::new));

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode extract = job(status(1), "extract_api");
    assertThat(extract.get("attempts").asInt()).isEqualTo(3);
    assertThat(extract.get("errors")).hasSize(2);
    assertThat(extract.at("/errors/0/attempt").asInt()).isEqualTo(1);
    assertThat(extract.at("/errors/1/attempt").asInt()).isEqualTo(2);
  }

  @Test
  void a_missing_api_file_cancels_its_branch_and_resume_completes_the_load() throws Exception {
    Path endpoint = dir.resolve("api.json");
    Result failed =
        flowc(runArgs("api_endpoint=" + endpoint, "api_backoff=10ms").toArray(String[]::new));

    assertThat(failed.exit()).as(failed.err()).isEqualTo(1);
    JsonNode status = status(1);
    assertThat(status.at("/run/status").asText()).isEqualTo("failed");
    assertThat(stage(status, "extract_api").get("state").asText()).isEqualTo("dead");
    assertThat(stage(status, "normalize_a").get("state").asText()).isEqualTo("cancelled");
    assertThat(stage(status, "load").get("state").asText()).isEqualTo("cancelled");
    assertThat(stage(status, "extract_csv").get("state").asText()).isEqualTo("complete");
    assertThat(stage(status, "normalize_b").get("state").asText()).isEqualTo("complete");
    JsonNode extract = job(status, "extract_api");
    assertThat(extract.get("errors")).hasSize(extract.get("attempts").asInt());
    assertThat(extract.at("/errors/0/message").asText())
        .isEqualTo("api file " + endpoint + " does not exist");
    Result letters = flowc("dead-letters", "--store", store(), "--format", "json");
    assertThat(letters.json().get("dead_letters"))
        .singleElement()
        .satisfies(letter -> assertThat(letter.get("stage").asText()).isEqualTo("extract_api"));

    Files.copy(API_RECORDS, endpoint);
    Result resumed = flowc("resume", "1", "--store", store());

    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(status(1).at("/run/status").asText()).isEqualTo("complete");
    assertThat(stage(status(1), "normalize_b").get("attempts").asInt()).isEqualTo(1);
    assertThat(warehouseRows()).isEqualTo(300);
  }

  @Test
  void a_locked_store_is_waited_for_then_one_line_and_exit_3() throws Exception {
    assertThat(flowc(runArgs().toArray(String[]::new)).exit()).isZero();
    try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + store());
        Statement statement = holder.createStatement()) {
      statement.execute("PRAGMA locking_mode = EXCLUSIVE");
      statement.execute("BEGIN EXCLUSIVE");
      Result status = flowc("status", "1", "--store", store(), "--lock-timeout", "1500ms");
      assertThat(status.exit()).isEqualTo(3);
      assertThat(status.err().strip().lines())
          .containsExactly(
              "flowc: waiting for the store %s, locked by another process (gives up after 1500ms;"
                      .formatted(store())
                  + " --lock-timeout)",
              "flowc: cannot open store '%s': the database is locked by another process (gave up"
                      .formatted(store())
                  + " after 1500ms)");
      statement.execute("ROLLBACK");
    }
  }

  private Process launcher(Path workingDirectory, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("flowc").toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(workingDirectory.toFile())
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile())
        .start();
  }

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }

  @Test
  void the_launcher_runs_the_sample_from_a_fresh_directory() throws Exception {
    Path fresh = Files.createDirectories(dir.resolve("fresh"));
    Process flowc =
        launcher(
            fresh,
            "run",
            PIPELINE.toString(),
            "--store",
            store(),
            "--param",
            "warehouse=" + warehouse());

    assertThat(flowc.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(flowc.exitValue()).as(read("err.txt")).isZero();
    assertThat(read("out.txt")).contains("\"rows_inserted\":300");
    assertThat(warehouseRows()).isEqualTo(300);
  }

  @Test
  void a_run_killed_with_sigkill_is_finished_by_resume() throws Exception {
    // Three failed attempts, 1 s apart at least: the kill lands while extract_api waits.
    Process flowc =
        launcher(
            dir,
            "run",
            PIPELINE.toString(),
            "--store",
            store(),
            "--param",
            "warehouse=" + warehouse(),
            "--param",
            "api_failures=3",
            "--param",
            "api_backoff=2s");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      assertThat(System.nanoTime()).as("extract_api retried in time").isLessThan(deadline);
      assertThat(flowc.isAlive()).as("still running").isTrue();
      if (Files.exists(Path.of(store()))) {
        Result status = flowc("status", "1", "--store", store(), "--format", "json");
        if (status.exit() == 0
            && stage(status.json(), "extract_api").get("state").asText().equals("retrying")
            && stage(status.json(), "normalize_b").get("state").asText().equals("complete")) {
          break;
        }
      }
      Thread.sleep(50); // poll interval of a deadline-bounded wait
    }

    flowc.destroyForcibly();
    assertThat(flowc.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(status(1).at("/run/status").asText()).isEqualTo("running");

    Result resumed = flowc("resume", "1", "--store", store());

    assertThat(resumed.exit()).as(resumed.err()).isZero();
    JsonNode status = status(1);
    assertThat(status.at("/run/status").asText()).isEqualTo("complete");
    assertThat(stage(status, "extract_api").get("attempts").asInt()).isEqualTo(4);
    assertThat(warehouseRows()).isEqualTo(300);
  }
}
