package dev.flowc.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void has_the_counts_and_every_diagnostic_with_the_keys_of_the_contract() throws Exception {
    JsonNode report =
        JSON.readTree(
            Reports.render(
                new JsonReport(),
                Reports.checked("etl/broken.flow", Reports.BROKEN),
                Reports.checked("ok.flow", "pipeline p { stage a { handler \"x\" } }")));

    assertThat(fieldNames(report)).containsExactly("files", "errors", "warnings", "diagnostics");
    assertThat(report.get("files").asInt()).isEqualTo(2);
    assertThat(report.get("errors").asInt()).isEqualTo(2);
    assertThat(report.get("warnings").asInt()).isEqualTo(1);
    JsonNode diagnostics = report.get("diagnostics");
    assertThat(diagnostics).hasSize(3);
    for (JsonNode diagnostic : diagnostics) {
      assertThat(fieldNames(diagnostic))
          .startsWith(
              "file",
              "line",
              "column",
              "end_line",
              "end_column",
              "severity",
              "code",
              "message",
              "notes");
    }
    JsonNode unknown = diagnostics.get(1);
    assertThat(unknown.get("file").asText()).isEqualTo("etl/broken.flow");
    assertThat(unknown.get("line").asInt()).isEqualTo(4);
    assertThat(unknown.get("column").asInt()).isEqualTo(20);
    assertThat(unknown.get("end_line").asInt()).isEqualTo(4);
    assertThat(unknown.get("end_column").asInt()).isEqualTo(31);
    assertThat(unknown.get("severity").asText()).isEqualTo("error");
    assertThat(unknown.get("code").asText()).isEqualTo("FLOW201");
    assertThat(unknown.get("message").asText()).isEqualTo("unknown stage 'normalise_a'");
    assertThat(unknown.get("notes").get(0).asText()).isEqualTo("help: did you mean 'normalize_a'?");
    assertThat(diagnostics.get(0).get("severity").asText()).isEqualTo("warning");
  }

  @Test
  void a_note_that_points_somewhere_is_also_a_related_location() throws Exception {
    JsonNode duplicate =
        JSON.readTree(Reports.render(new JsonReport(), Reports.checked("b.flow", Reports.BROKEN)))
            .at("/diagnostics/2");

    assertThat(duplicate.get("code").asText()).isEqualTo("FLOW101");
    assertThat(duplicate.get("notes").get(0).asText()).isEqualTo("note: first declared here (4:9)");
    JsonNode related = duplicate.get("related").get(0);
    assertThat(related.get("line").asInt()).isEqualTo(4);
    assertThat(related.get("column").asInt()).isEqualTo(9);
    assertThat(related.get("end_column").asInt()).isEqualTo(13);
    assertThat(related.get("message").asText()).isEqualTo("first declared here");
  }

  @Test
  void no_files_and_no_diagnostics_is_still_a_document() throws Exception {
    String text = Reports.render(new JsonReport());

    assertThat(text)
        .isEqualTo(
            """
            {
              "files": 0,
              "errors": 0,
              "warnings": 0,
              "diagnostics": []
            }
            """);
  }

  @Test
  void messages_with_quotes_and_non_ascii_text_are_escaped_json() throws Exception {
    JsonNode report =
        JSON.readTree(
            Reports.render(
                new JsonReport(),
                Reports.checked("é \"q\".flow", "pipeline p { stage a { handler \"x\" queue q }")));

    assertThat(report.at("/diagnostics/0/file").asText()).isEqualTo("é \"q\".flow");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
