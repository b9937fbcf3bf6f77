package dev.flowc.samples.etl;

import static dev.flowc.samples.etl.EtlHandlers.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.runtime.NonRetryableException;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractCsvTest {
  @TempDir Path dir;

  @Test
  void reads_the_200_rows_of_the_sample_export_with_the_header_as_keys() throws Exception {
    JsonNode rows =
        call(
            "etl.extract-csv",
            "{\"file_path\": \"data/export.csv\"}",
            RecordingJobContext.in(EtlHandlers.copyData(dir)));

    assertThat(rows).hasSize(200);
    List<String> columns = new ArrayList<>();
    rows.get(0).fieldNames().forEachRemaining(columns::add);
    assertThat(columns)
        .containsExactly(
            "event_id", "event_type", "user_id", "occurred_at", "amount", "country", "note");
    assertThat(rows.get(199).get("event_id").asText()).isEqualTo("csv-0200");
  }

  @Test
  void quoted_fields_keep_their_commas_quotes_and_line_breaks() throws Exception {
    JsonNode rows =
        call(
            "etl.extract-csv",
            "{\"file_path\": \"data/export.csv\"}",
            RecordingJobContext.in(EtlHandlers.copyData(dir)));

    JsonNode withQuotes = rows.get(9);
    assertThat(withQuotes.get("event_id").asText()).isEqualTo("csv-0010");
    assertThat(withQuotes.get("note").asText()).isEqualTo("bought \"Deluxe, Large\" bundle");
    JsonNode multiLine = rows.get(93);
    assertThat(multiLine.get("event_id").asText()).isEqualTo("csv-0094");
    assertThat(multiLine.get("amount").asText()).isEqualTo("-2,239.55");
    assertThat(multiLine.get("note").asText()).isEqualTo("first order\nasked for an invoice");
  }

  @Test
  void empty_fields_are_empty_strings() throws Exception {
    Files.writeString(dir.resolve("e.csv"), "a,b,c\n1,,\"\"\n");

    JsonNode rows =
        call("etl.extract-csv", "{\"file_path\": \"e.csv\"}", RecordingJobContext.in(dir));

    assertThat(rows.toString()).isEqualTo("[{\"a\":\"1\",\"b\":\"\",\"c\":\"\"}]");
  }

  @Test
  void a_missing_file_is_a_retryable_error() {
    assertThatThrownBy(
            () ->
                call(
                    "etl.extract-csv",
                    "{\"file_path\": \"data/nope.csv\"}",
                    RecordingJobContext.in(dir)))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessage("csv file data/nope.csv does not exist");
  }

  @Test
  void a_row_with_a_different_number_of_fields_is_not_retried() throws Exception {
    Files.writeString(dir.resolve("bad.csv"), "a,b,c\n1,2,3\n4,5\n");

    assertThatThrownBy(
            () ->
                call(
                    "etl.extract-csv", "{\"file_path\": \"bad.csv\"}", RecordingJobContext.in(dir)))
        .isInstanceOf(NonRetryableException.class)
        .hasMessage("csv file bad.csv: record 2 (line 3) has 2 fields, the header has 3");
  }

  @Test
  void an_unterminated_quote_is_not_retried() throws Exception {
    Files.writeString(dir.resolve("open.csv"), "a,b\n1,\"never closed\n");

    assertThatThrownBy(
            () ->
                call(
                    "etl.extract-csv",
                    "{\"file_path\": \"open.csv\"}",
                    RecordingJobContext.in(dir)))
        .isInstanceOf(NonRetryableException.class)
        .hasMessageStartingWith("csv file open.csv is malformed: ");
  }
}
