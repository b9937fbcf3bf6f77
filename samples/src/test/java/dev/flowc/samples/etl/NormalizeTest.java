package dev.flowc.samples.etl;

import static dev.flowc.samples.etl.EtlHandlers.JSON;
import static dev.flowc.samples.etl.EtlHandlers.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.runtime.NonRetryableException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalizeTest {
  @TempDir Path dir;

  @Test
  void maps_an_api_record_to_schema_v2() throws Exception {
    JsonNode batch =
        normalize(
            """
            [{"id": "api-0042", "type": "purchase", "userId": 1042,
              "timestamp": "2024-03-01T09:15:00Z", "amount": 12.5,
              "attributes": {"country": "de", "device": "mobile"}}]""");

    assertThat(batch.get("schema").asText()).isEqualTo("schema_v2");
    assertThat(reparsed(batch.get("records").get(0)))
        .isEqualTo(
            JSON.readTree(
                """
                {"event_id": "api-0042", "event_type": "purchase", "user_id": 1042,
                 "occurred_at": "2024-03-01T09:15:00Z", "amount": 12.50, "country": "DE",
                 "note": null}"""));
  }

  @Test
  void maps_a_csv_row_to_schema_v2() throws Exception {
    JsonNode batch =
        normalize(
            """
            [{"event_id": "csv-0094", "event_type": "Add To Cart", "user_id": " 1023 ",
              "occurred_at": "2024-03-01 12:28:31", "amount": "-2,239.55", "country": "JP",
              "note": "first order\\nasked for an invoice"},
             {"event_id": "csv-0003", "event_type": "Sign-Up", "user_id": "1019",
              "occurred_at": "2024-03-01 08:05:53", "amount": "", "country": "", "note": ""}]""");

    assertThat(reparsed(batch.get("records")))
        .isEqualTo(
            JSON.readTree(
                """
                [{"event_id": "csv-0094", "event_type": "add_to_cart", "user_id": 1023,
                  "occurred_at": "2024-03-01T12:28:31Z", "amount": -2239.55, "country": "JP",
                  "note": "first order\\nasked for an invoice"},
                 {"event_id": "csv-0003", "event_type": "sign_up", "user_id": 1019,
                  "occurred_at": "2024-03-01T08:05:53Z", "amount": null, "country": null,
                  "note": null}]"""));
  }

  @Test
  void reports_progress_every_50_records_and_at_the_end() throws Exception {
    RecordingJobContext hundred = RecordingJobContext.in(dir);
    RecordingJobContext twoHundred = RecordingJobContext.in(dir);
    RecordingJobContext none = RecordingJobContext.in(dir);

    call("etl.normalize", input(records(100), "schema_v2"), hundred);
    call("etl.normalize", input(records(200), "schema_v2"), twoHundred);
    call("etl.normalize", input(records(0), "schema_v2"), none);

    assertThat(hundred.progress()).containsExactly(50, 100);
    assertThat(twoHundred.progress()).containsExactly(25, 50, 75, 100);
    assertThat(none.progress()).containsExactly(100);
  }

  @Test
  void normalizes_every_record_of_both_sample_files() throws Exception {
    RecordingJobContext context = RecordingJobContext.in(EtlHandlers.copyData(dir));
    JsonNode api = call("etl.extract-api", "{\"endpoint\": \"data/api-records.json\"}", context);
    JsonNode csv = call("etl.extract-csv", "{\"file_path\": \"data/export.csv\"}", context);

    JsonNode a = call("etl.normalize", input(api, "schema_v2"), context);
    JsonNode b = call("etl.normalize", input(csv, "schema_v2"), context);

    assertThat(a.get("records")).hasSize(100);
    assertThat(b.get("records")).hasSize(200);
    assertThat(b.get("records").findValuesAsText("event_type"))
        .containsOnly("purchase", "refund", "add_to_cart", "page_view", "sign_up");
  }

  @Test
  void an_unknown_schema_is_not_retried() {
    assertThatThrownBy(
            () ->
                call("etl.normalize", input(records(1), "schema_v1"), RecordingJobContext.in(dir)))
        .isInstanceOf(NonRetryableException.class)
        .hasMessage("unknown schema 'schema_v1': this handler normalizes to 'schema_v2'");
  }

  @Test
  void a_record_that_does_not_fit_the_schema_is_named_in_the_error() {
    assertThatThrownBy(
            () ->
                normalize(
                    """
                    [{"id": "a-1", "type": "x", "userId": 1, "timestamp": "2024-03-01T00:00:00Z"},
                     {"id": "a-2", "type": "x", "userId": "one", "timestamp": "2024-03-01T00:00:00Z"}]"""))
        .isInstanceOf(NonRetryableException.class)
        .hasMessage("record 2 (a-2): user id 'one' is not a whole number");
    assertThatThrownBy(() -> normalize("[{\"id\": \"a-3\", \"type\": \"x\", \"userId\": 1}]"))
        .isInstanceOf(NonRetryableException.class)
        .hasMessage("record 1 (a-3): no 'occurred_at' or 'timestamp'");
    assertThatThrownBy(() -> normalize("[{\"type\": \"x\"}]"))
        .isInstanceOf(NonRetryableException.class)
        .hasMessage("record 1 has no 'event_id' or 'id'");
  }

  private JsonNode normalize(String records) throws Exception {
    return call(
        "etl.normalize", input(JSON.readTree(records), "schema_v2"), RecordingJobContext.in(dir));
  }

  /** As a dependent job reads it back from the store: decimals as plain JSON numbers. */
  private static JsonNode reparsed(JsonNode node) throws Exception {
    return JSON.readTree(node.toString());
  }

  private static ObjectNode input(JsonNode records, String schema) {
    ObjectNode input = JSON.createObjectNode();
    input.set("records", records);
    input.put("schema", schema);
    return input;
  }

  private static ArrayNode records(int count) {
    ArrayNode records = JSON.createArrayNode();
    for (int i = 1; i <= count; i++) {
      records
          .addObject()
          .put("id", "r-" + i)
          .put("type", "page_view")
          .put("userId", i)
          .put("timestamp", "2024-03-01T00:00:00Z");
    }
    return records;
  }
}
