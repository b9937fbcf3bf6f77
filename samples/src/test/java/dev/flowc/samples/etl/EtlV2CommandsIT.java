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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The version 2 ETL sample (samples/etl-v2) through the commands its README walks through: a clean
 * run through the real {@code ./flowc} launcher from a fresh directory, then, in process, an inbox
 * with a broken file (one item dies, the load is cancelled, the page is written; fixing the file
 * and resuming loads everything) and an empty inbox (the load and the page are skipped). The store,
 * the warehouse, the pager's file and the inboxes of the failure cases go to a temporary directory.
 */
class EtlV2CommandsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path SAMPLE = ROOT.resolve("samples/etl-v2");
  private static final Path PIPELINE = SAMPLE.resolve("pipeline.flow");
  private static final int INBOX_ROWS = 12;

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

  private Path warehouse() {
    return dir.resolve("warehouse.db");
  }

  private Path pager() {
    return dir.resolve("pages.log");
  }

  private List<String> runArgs(String... params) {
    List<String> args = new ArrayList<>(List.of("run", PIPELINE.toString(), "--store", store()));
    args.addAll(List.of("--param", "warehouse=" + warehouse(), "--param", "pager=" + pager()));
    for (String param : params) {
      args.addAll(List.of("--param", param));
    }
    return args;
  }

  private JsonNode stage(JsonNode status, String stage) {
    for (JsonNode job : status.get("jobs")) {
      if (job.get("stage").asText().equals(stage)) {
        return job;
      }
    }
    throw new AssertionError("no stage " + stage + " in " + status);
  }

  private JsonNode status(long run) {
    Result status = flowc("status", "" + run, "--store", store(), "--format", "json");
    assertThat(status.exit()).as(status.err()).isZero();
    return status.json();
  }

  private int warehouseRows() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + warehouse());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM \"analytics.events\"")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Test
  void the_launcher_runs_the_sample_from_a_fresh_directory_and_loads_every_file() throws Exception {
    Path fresh = Files.createDirectories(dir.resolve("fresh"));
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("flowc").toString()));
    command.addAll(runArgs());
    Process flowc =
        new ProcessBuilder(command)
            .directory(fresh.toFile())
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile())
            .start();

    assertThat(flowc.waitFor(180, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
    String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    assertThat(flowc.exitValue()).as(err).isZero();
    assertThat(out)
        .contains("3 items: 3 complete")
        .containsPattern("normalize +complete .*3/3 complete")
        .containsPattern("page +skipped .*its when is false");
    assertThat(warehouseRows()).isEqualTo(INBOX_ROWS);
    assertThat(pager()).doesNotExist();
  }

  @Test
  void a_broken_file_kills_its_item_cancels_the_load_pages_and_resume_loads_it_once_fixed()
      throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    for (String name : List.of("2024-03-01.json", "2024-03-02.json")) {
      Files.copy(SAMPLE.resolve("inbox").resolve(name), inbox.resolve(name));
    }
    Path broken = inbox.resolve("zz-broken.json");
    Files.writeString(broken, "{\"not\": \"a list\"}\n");

    Result run = flowc(runArgs("inbox=" + inbox).toArray(String[]::new));

    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    JsonNode status = status(1);
    assertThat(status.at("/run/status").asText()).isEqualTo("failed");
    JsonNode normalize = stage(status, "normalize");
    assertThat(normalize.get("state").asText()).isEqualTo("dead");
    assertThat(normalize.at("/items/count").asInt()).isEqualTo(3);
    assertThat(normalize.at("/items/states/dead").asInt()).isEqualTo(1);
    assertThat(stage(status, "load").get("state").asText()).isEqualTo("cancelled");
    assertThat(stage(status, "page").get("state").asText()).isEqualTo("complete");
    assertThat(Files.readString(pager())).contains("run 1 (etl_v2): the load did not complete");

    Files.writeString(broken, "[]\n");
    Result resumed = flowc("resume", "1", "--store", store());

    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains("replayed 1 dead job").doesNotContain("running elsewhere");
    assertThat(status(1).at("/run/status").asText()).isEqualTo("complete");
    assertThat(warehouseRows()).isEqualTo(4 + 3);
  }

  @Test
  void an_empty_inbox_completes_the_fan_out_at_once_and_skips_the_load_and_the_page() {
    Result run = flowc(runArgs("inbox=empty-inbox").toArray(String[]::new));

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode status = status(1);
    assertThat(status.at("/run/status").asText()).isEqualTo("complete");
    assertThat(stage(status, "normalize").get("state").asText()).isEqualTo("complete");
    assertThat(stage(status, "normalize").at("/items/count").asInt()).isZero();
    JsonNode load = stage(status, "load");
    assertThat(load.get("state").asText()).isEqualTo("skipped");
    assertThat(load.get("skip_reason").asText())
        .isEqualTo("its when is false: len(list_files.result.files) > 0");
    assertThat(stage(status, "page").get("state").asText()).isEqualTo("skipped");
    assertThat(pager()).doesNotExist();
  }
}
