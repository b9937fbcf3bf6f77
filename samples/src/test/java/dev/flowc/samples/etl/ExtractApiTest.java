package dev.flowc.samples.etl;

import static dev.flowc.samples.etl.EtlHandlers.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.runtime.NonRetryableException;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractApiTest {
  @TempDir Path dir;

  @Test
  void returns_the_100_records_of_the_sample_file_as_they_are() throws Exception {
    RecordingJobContext context = RecordingJobContext.in(EtlHandlers.copyData(dir));

    JsonNode records =
        call("etl.extract-api", "{\"endpoint\": \"data/api-records.json\"}", context);

    assertThat(records).hasSize(100);
    assertThat(records.get(0).get("id").asText()).isEqualTo("api-0001");
    assertThat(records.get(0).get("attributes").get("country").asText()).isEqualTo("se");
    assertThat(records.get(99).get("id").asText()).isEqualTo("api-0100");
  }

  @Test
  void a_relative_endpoint_resolves_against_the_base_directory_not_the_working_directory()
      throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/data"));
    Files.writeString(elsewhere.resolve("api.json"), "{\"data\": [{\"id\": \"x-1\"}]}");

    JsonNode records =
        call(
            "etl.extract-api",
            "{\"endpoint\": \"data/api.json\"}",
            RecordingJobContext.in(dir.resolve("elsewhere")));

    assertThat(records).hasSize(1);
  }

  @Test
  void an_absolute_endpoint_is_read_as_is() throws Exception {
    Path file = dir.resolve("api.json");
    Files.writeString(file, "{\"data\": []}");

    JsonNode records =
        call(
            "etl.extract-api",
            EtlHandlers.JSON.createObjectNode().put("endpoint", file.toString()),
            RecordingJobContext.in(dir.resolve("not-here")));

    assertThat(records).isEmpty();
  }

  @Test
  void fails_its_first_attempts_as_asked_then_answers() throws Exception {
    RecordingJobContext context = RecordingJobContext.in(EtlHandlers.copyData(dir));
    String input = "{\"endpoint\": \"data/api-records.json\", \"fail_first_attempts\": 2}";

    assertThatThrownBy(() -> call("etl.extract-api", input, context.attempt(1)))
        .isInstanceOf(ApiUnavailableException.class)
        .hasMessage("simulated outage: the API fails the first 2 attempts, this is attempt 1");
    assertThatThrownBy(() -> call("etl.extract-api", input, context.attempt(2)))
        .isInstanceOf(ApiUnavailableException.class)
        .hasMessageEndingWith("this is attempt 2");
    assertThat(call("etl.extract-api", input, context.attempt(3))).hasSize(100);
  }

  @Test
  void a_missing_file_is_a_retryable_error_naming_the_path_as_given() {
    assertThatThrownBy(
            () ->
                call(
                    "etl.extract-api",
                    "{\"endpoint\": \"data/missing.json\"}",
                    RecordingJobContext.in(dir)))
        .isInstanceOf(FileNotFoundException.class)
        .isNotInstanceOf(NonRetryableException.class)
        .hasMessage("api file data/missing.json does not exist");
  }

  @Test
  void a_file_that_is_not_json_is_not_retried() throws Exception {
    Files.writeString(dir.resolve("api.json"), "{\"data\": [");

    assertThatThrownBy(
            () ->
                call(
                    "etl.extract-api", "{\"endpoint\": \"api.json\"}", RecordingJobContext.in(dir)))
        .isInstanceOf(NonRetryableException.class)
        .hasMessageStartingWith("api file api.json is not valid JSON: ");
  }

  @Test
  void a_document_without_a_data_array_of_objects_is_not_retried() throws Exception {
    Files.writeString(dir.resolve("list.json"), "[{\"id\": 1}]");
    Files.writeString(dir.resolve("numbers.json"), "{\"data\": [1, 2]}");

    assertThatThrownBy(
            () ->
                call(
                    "etl.extract-api",
                    "{\"endpoint\": \"list.json\"}",
                    RecordingJobContext.in(dir)))
        .isInstanceOf(NonRetryableException.class)
        .hasMessage("api file list.json has no 'data' array of records");
    assertThatThrownBy(
            () ->
                call(
                    "etl.extract-api",
                    "{\"endpoint\": \"numbers.json\"}",
                    RecordingJobContext.in(dir)))
        .isInstanceOf(NonRetryableException.class)
        .hasMessage("api file numbers.json: every element of 'data' must be an object");
  }
}
