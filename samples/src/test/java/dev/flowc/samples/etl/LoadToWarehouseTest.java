package dev.flowc.samples.etl;

import static dev.flowc.samples.etl.EtlHandlers.JSON;
import static dev.flowc.samples.etl.EtlHandlers.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.runtime.NonRetryableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadToWarehouseTest {
  @TempDir Path dir;

  @Test
  void inserts_the_events_of_every_batch_and_says_how_many() throws Exception {
    JsonNode result =
        call(
            "etl.load-to-warehouse",
            input(List.of(batch("a", 3), batch("b", 2)), "events", "wh.db"),
            RecordingJobContext.in(dir));

    assertThat(result).isEqualTo(JSON.readTree("{\"table\": \"events\", \"rows_inserted\": 5}"));
    assertThat(query(dir.resolve("wh.db"), "SELECT event_id FROM events ORDER BY event_id"))
        .containsExactly("a-1", "a-2", "a-3", "b-1", "b-2");
  }

  @Test
  void a_dotted_table_name_is_one_quoted_identifier() throws Exception {
    call(
        "etl.load-to-warehouse",
        input(List.of(batch("a", 2)), "analytics.events", "wh.db"),
        RecordingJobContext.in(dir));

    assertThat(query(dir.resolve("wh.db"), "SELECT name FROM sqlite_master WHERE type = 'table'"))
        .containsExactly("analytics.events");
    assertThat(query(dir.resolve("wh.db"), "SELECT count(*) FROM \"analytics.events\""))
        .containsExactly("2");
    assertThat(LoadToWarehouse.quotedTable("a\"b")).isEqualTo("\"a\"\"b\"");
  }

  @Test
  void stores_every_column_with_the_run_and_job_that_loaded_it() throws Exception {
    ObjectNode input = input(List.of(batch("a", 1)), "events", "wh.db");
    ObjectNode event = (ObjectNode) input.get("batches").get(0).get("records").get(0);
    event.put("amount", -2239.55).put("country", "JP").put("note", "first, \"second\"\nthird");

    call("etl.load-to-warehouse", input, RecordingJobContext.in(dir).job(12, 4L));

    assertThat(
            query(
                dir.resolve("wh.db"),
                "SELECT event_id || '|' || event_type || '|' || user_id || '|' || occurred_at"
                    + " || '|' || amount || '|' || country || '|' || note || '|' || run_id"
                    + " || '|' || job_id FROM events"))
        .containsExactly(
            "a-1|page_view|1|2024-03-01T00:00:00Z|-2239.55|JP|first, \"second\"\nthird|4|12");
  }

  @Test
  void a_retried_load_replaces_the_rows_of_its_earlier_attempt() throws Exception {
    ObjectNode input = input(List.of(batch("a", 3)), "events", "wh.db");
    RecordingJobContext context = RecordingJobContext.in(dir).job(9, 1L);

    call("etl.load-to-warehouse", input, context.attempt(1));
    JsonNode again = call("etl.load-to-warehouse", input, context.attempt(2));

    assertThat(again.get("rows_inserted").asInt()).isEqualTo(3);
    assertThat(query(dir.resolve("wh.db"), "SELECT count(*) FROM events")).containsExactly("3");
  }

  @Test
  void another_load_job_adds_its_own_rows() throws Exception {
    ObjectNode input = input(List.of(batch("a", 3)), "events", "wh.db");

    call("etl.load-to-warehouse", input, RecordingJobContext.in(dir).job(9, 1L));
    call("etl.load-to-warehouse", input, RecordingJobContext.in(dir).job(19, 2L));

    assertThat(
            query(
                dir.resolve("wh.db"),
                "SELECT run_id || ':' || count(*) FROM events GROUP BY run_id ORDER BY run_id"))
        .containsExactly("1:3", "2:3");
  }

  @Test
  void without_a_warehouse_it_writes_to_dot_flowc_in_the_base_directory() throws Exception {
    ObjectNode input = input(List.of(batch("a", 1)), "events", null);
    input.remove("warehouse");

    call("etl.load-to-warehouse", input, RecordingJobContext.in(dir));

    assertThat(dir.resolve(".flowc/warehouse.db")).isRegularFile();
  }

  @Test
  void the_same_event_twice_in_one_load_is_not_retried_and_changes_nothing() throws Exception {
    call(
        "etl.load-to-warehouse",
        input(List.of(batch("a", 2)), "events", "wh.db"),
        RecordingJobContext.in(dir));

    assertThatThrownBy(
            () ->
                call(
                    "etl.load-to-warehouse",
                    input(List.of(batch("a", 1), batch("a", 1)), "events", "wh.db"),
                    RecordingJobContext.in(dir)))
        .isInstanceOf(NonRetryableException.class)
        .hasMessageContaining("UNIQUE constraint failed");
    assertThat(query(dir.resolve("wh.db"), "SELECT count(*) FROM events")).containsExactly("2");
  }

  @Test
  void a_table_name_sqlite_reserves_is_refused() {
    assertThatThrownBy(
            () ->
                call(
                    "etl.load-to-warehouse",
                    input(List.of(), "sqlite_master", "wh.db"),
                    RecordingJobContext.in(dir)))
        .isInstanceOf(NonRetryableException.class)
        .hasMessage("table 'sqlite_master': names starting with 'sqlite_' are reserved by SQLite");
    assertThat(Files.exists(dir.resolve("wh.db"))).isFalse();
  }

  private static ObjectNode input(List<JsonNode> batches, String table, String warehouse) {
    ObjectNode input = JSON.createObjectNode();
    ArrayNode array = input.putArray("batches");
    batches.forEach(array::add);
    input.put("table", table);
    input.put("warehouse", warehouse);
    return input;
  }

  private static JsonNode batch(String prefix, int size) {
    ObjectNode batch = JSON.createObjectNode().put("schema", "schema_v2");
    ArrayNode records = batch.putArray("records");
    for (int i = 1; i <= size; i++) {
      records
          .addObject()
          .put("event_id", prefix + "-" + i)
          .put("event_type", "page_view")
          .put("user_id", i)
          .put("occurred_at", "2024-03-01T00:00:00Z")
          .putNull("amount")
          .putNull("country")
          .putNull("note");
    }
    return batch;
  }

  static List<String> query(Path database, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }
}
