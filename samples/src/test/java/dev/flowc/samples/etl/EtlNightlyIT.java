package dev.flowc.samples.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ETL sample's nightly schedule through the commands of its README ("Every night"), each a real
 * {@code ./flowc} process in samples/etl with the README's {@code FLOWC_NOW}: deploy, the
 * schedules, two workers at once that fire tonight's tick once, a later worker that fires nothing.
 * The store and the warehouse go to a temporary directory.
 */
class EtlNightlyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path SAMPLE = ROOT.resolve("samples/etl");

  @TempDir Path dir;

  private int outputs;

  private record Result(int exit, String out, String err) {}

  /** A started {@code ./flowc} with its output files. */
  private record Started(Process process, Path out, Path err) {
    Result await() throws Exception {
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("flowc did not exit in time: " + Files.readString(err));
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    }
  }

  private String store() {
    return dir.resolve("nightly.db").toString();
  }

  private Started start(String now, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("flowc").toString()));
    command.addAll(List.of(args));
    int n = outputs++;
    Path out = dir.resolve("out" + n + ".txt");
    Path err = dir.resolve("err" + n + ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(SAMPLE.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    if (now != null) {
      builder.environment().put("FLOWC_NOW", now);
    } else {
      builder.environment().remove("FLOWC_NOW");
    }
    return new Started(builder.start(), out, err);
  }

  private Result flowc(String now, String... args) throws Exception {
    Result result = start(now, args).await();
    assertThat(result.exit()).as(String.join(" ", args) + ": " + result.err()).isZero();
    return result;
  }

  private static long madeRunLines(String err) {
    return err.lines().filter(line -> line.startsWith("flowc: schedule nightly: tick ")).count();
  }

  @Test
  void a_deployed_nightly_schedule_fires_tonights_tick_once_with_two_workers() throws Exception {
    Result deploy =
        flowc(
            "2026-12-07T20:00:00Z",
            "deploy",
            "pipeline.flow",
            "--store",
            store(),
            "--param",
            "warehouse=" + dir.resolve("warehouse.db"));
    assertThat(deploy.out())
        .isEqualTo(
            "deployed schedule nightly (etl): 0 2 * * * Europe/Berlin, next tick 2026-12-08"
                + " 02:00 CET (2026-12-08T01:00:00Z)\n");
    assertThat(flowc(null, "schedules", "--store", store()).out())
        .containsPattern(
            "(?m)^nightly +etl +0 2 \\* \\* \\* +Europe/Berlin +2026-12-08 02:00 CET"
                + " +2026-12-08T01:00:00Z +no");

    Started first = start("2026-12-08T01:00:05Z", "worker", "--drain", "--store", store());
    Started second = start("2026-12-08T01:00:05Z", "worker", "--drain", "--store", store());
    Result one = first.await();
    Result two = second.await();

    assertThat(one.exit()).as(one.err()).isZero();
    assertThat(two.exit()).as(two.err()).isZero();
    String both = one.err() + two.err();
    assertThat(madeRunLines(both)).as(both).isEqualTo(1);
    assertThat(both).contains("flowc: schedule nightly: tick 2026-12-08T01:00:00Z made run 1\n");
    Result later = flowc("2026-12-08T01:30:00Z", "worker", "--drain", "--store", store());
    assertThat(madeRunLines(later.err())).isZero();
    assertThat(flowc(null, "schedules", "--store", store()).out())
        .containsPattern("(?m)^nightly .* 2026-12-09T01:00:00Z +1 complete +no");
    assertThat(flowc(null, "runs", "--store", store()).out())
        .containsPattern("(?m)^1 +etl +complete +5 +0 ")
        .doesNotContainPattern("(?m)^2 ");
    JsonNode status =
        JSON.readTree(flowc(null, "status", "1", "--store", store(), "--format", "json").out());
    assertThat(status.at("/run/key").asText()).isEqualTo("schedule:nightly:2026-12-08T01:00:00Z");
    assertThat(status.at("/run/scheduled_at").asText()).isEqualTo("2026-12-08T01:00:00Z");
    assertThat(status.at("/jobs").size()).isEqualTo(5);
  }
}
