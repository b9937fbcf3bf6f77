package dev.flowc.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.compiler.CompileResult;
import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.Plan;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedParamsTest {
  private static final SourceFile EVERY_TYPE =
      SourceFile.of(
          "every.flow",
          """
          pipeline every {
            params {
              name:    string
              digits:  string
              count:   int
              ratio:   float
              dry_run: bool
              window:  duration
              tables:  list
              options: map
              extra:   any
              quoted:  any
              nothing: any = null
              unset:   string = null
            }
            stage a {
              handler builtin.echo
              input { all: [params.name, params.digits, params.count, params.ratio,
                            params.dry_run, params.window, params.tables, params.options,
                            params.extra, params.quoted, params.nothing, params.unset] }
            }
          }
          """);

  private static Plan compile(Map<String, String> params) {
    CompileResult result = FlowCompiler.compile(EVERY_TYPE, params);
    assertThat(result.diagnostics()).isEmpty();
    return result.plan().orElseThrow();
  }

  @Test
  void recorded_values_written_back_as_text_compile_to_the_same_values() {
    Plan first =
        compile(
            Map.of(
                "name", "schema_v1",
                "digits", "42",
                "count", "10_000",
                "ratio", "0.1",
                "dry_run", "true",
                "window", "90m",
                "tables", "[\"events\", {\"$result\": \"x\"}]",
                "options", "{\"$format\": \"parquet\", \"n\": [1, 2.5]}",
                "extra", "just text",
                "quoted", "\"42\""));
    ObjectNode recorded = JsonNodeFactory.instance.objectNode();
    first.params().forEach(recorded::set);

    Map<String, String> texts = RecordedParams.asText(recorded, EVERY_TYPE);
    Plan again = compile(texts);

    assertThat(texts)
        .containsEntry("digits", "42")
        .containsEntry("window", "5400000ms")
        .containsEntry("quoted", "\"42\"")
        .doesNotContainKey("unset");
    assertThat(asJson(again)).isEqualTo(asJson(first));
  }

  private static JsonNode asJson(Plan plan) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    plan.params().forEach(node::set);
    return node;
  }
}
