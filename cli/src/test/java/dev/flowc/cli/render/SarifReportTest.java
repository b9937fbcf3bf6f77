package dev.flowc.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SarifReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode sarif(FileReport... files) throws Exception {
    return JSON.readTree(Reports.render(new SarifReport("1.2.3"), files));
  }

  @Test
  void is_sarif_2_1_0_with_schema_version_and_tool() throws Exception {
    JsonNode log = sarif(Reports.checked("b.flow", Reports.BROKEN));

    assertThat(log.get("version").asText()).isEqualTo("2.1.0");
    assertThat(log.get("$schema").asText()).contains("sarif-2.1.0");
    assertThat(log.get("runs")).hasSize(1);
    JsonNode driver = log.at("/runs/0/tool/driver");
    assertThat(driver.get("name").asText()).isEqualTo("flowc");
    assertThat(driver.get("version").asText()).isEqualTo("1.2.3");
    assertThat(log.at("/runs/0/columnKind").asText()).isEqualTo("unicodeCodePoints");
  }

  @Test
  void has_one_rule_per_code_in_a_stable_order_even_without_results() throws Exception {
    JsonNode rules = sarif().at("/runs/0/tool/driver/rules");

    assertThat(rules).hasSize(DiagnosticCode.values().length);
    for (DiagnosticCode code : DiagnosticCode.values()) {
      JsonNode rule = rules.get(code.ordinal());
      assertThat(rule.get("id").asText()).isEqualTo(code.name());
      assertThat(rule.at("/shortDescription/text").asText()).isEqualTo(code.description());
      assertThat(rule.at("/defaultConfiguration/level").asText()).isEqualTo(code.severity().id());
    }
    assertThat(rules.get(DiagnosticCode.FLOW201.ordinal()).get("name").asText())
        .isEqualTo("UnknownStage");
  }

  @Test
  void each_result_points_at_its_rule_and_region() throws Exception {
    JsonNode log = sarif(Reports.checked("etl/b.flow", Reports.BROKEN));
    JsonNode rules = log.at("/runs/0/tool/driver/rules");
    JsonNode results = log.at("/runs/0/results");

    assertThat(results).hasSize(3);
    for (JsonNode result : results) {
      assertThat(rules.get(result.get("ruleIndex").asInt()).get("id").asText())
          .isEqualTo(result.get("ruleId").asText());
    }
    JsonNode unknown = results.get(1);
    assertThat(unknown.get("ruleId").asText()).isEqualTo("FLOW201");
    assertThat(unknown.get("level").asText()).isEqualTo("error");
    assertThat(unknown.at("/message/text").asText())
        .isEqualTo("unknown stage 'normalise_a'\nhelp: did you mean 'normalize_a'?");
    JsonNode location = unknown.at("/locations/0/physicalLocation");
    assertThat(location.at("/artifactLocation/uri").asText()).isEqualTo("etl/b.flow");
    assertThat(location.at("/region/startLine").asInt()).isEqualTo(4);
    assertThat(location.at("/region/startColumn").asInt()).isEqualTo(20);
    assertThat(location.at("/region/endLine").asInt()).isEqualTo(4);
    assertThat(location.at("/region/endColumn").asInt()).isEqualTo(31);
    assertThat(results.get(0).get("level").asText()).isEqualTo("warning");
  }

  @Test
  void a_first_declared_here_note_is_a_related_location() throws Exception {
    JsonNode duplicate = sarif(Reports.checked("b.flow", Reports.BROKEN)).at("/runs/0/results/2");

    assertThat(duplicate.get("ruleId").asText()).isEqualTo("FLOW101");
    assertThat(duplicate.at("/message/text").asText()).isEqualTo("duplicate stage 'load'");
    JsonNode related = duplicate.at("/relatedLocations/0");
    assertThat(related.get("id").asInt()).isZero();
    assertThat(related.at("/message/text").asText()).isEqualTo("first declared here");
    assertThat(related.at("/physicalLocation/artifactLocation/uri").asText()).isEqualTo("b.flow");
    assertThat(related.at("/physicalLocation/region/startLine").asInt()).isEqualTo(4);
    assertThat(related.at("/physicalLocation/region/startColumn").asInt()).isEqualTo(9);
  }

  @Test
  void relative_paths_stay_relative_with_forward_slashes_and_percent_encoding() {
    assertThat(SarifReport.uri("etl/pipeline.flow")).isEqualTo("etl/pipeline.flow");
    assertThat(SarifReport.uri("my dir/a b.flow")).isEqualTo("my%20dir/a%20b.flow");
    assertThat(SarifReport.uri("café/x#1?.flow")).isEqualTo("caf%C3%A9/x%231%3F.flow");
    assertThat(SarifReport.uri("../up.flow")).isEqualTo("../up.flow");
  }

  @Test
  void a_colon_in_a_relative_path_is_encoded_so_it_is_not_read_as_a_scheme() {
    String uri = SarifReport.uri("a:b,c.flow");

    assertThat(uri).isEqualTo("a%3Ab,c.flow");
    assertThat(URI.create(uri).getScheme()).isNull();
    assertThat(URI.create(uri).getPath()).isEqualTo("a:b,c.flow");
  }

  @Test
  void absolute_paths_are_file_uris() {
    Path absolute = Path.of("").toAbsolutePath().resolve("my dir/p.flow");

    String uri = SarifReport.uri(absolute.toString().replace('\\', '/'));

    assertThat(uri).startsWith("file:/").endsWith("/my%20dir/p.flow");
    assertThat(Path.of(URI.create(uri))).isEqualTo(absolute);
  }
}
