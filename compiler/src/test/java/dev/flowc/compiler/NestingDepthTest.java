package dev.flowc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.Plan;
import dev.flowc.dag.PlanCodec;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Lists and maps nest up to 1,000 levels, as JSON does in Jackson by default: accepted all the way
 * from parsing to the plan's JSON and YAML, and one level more is one FLOW001 at its bracket.
 */
class NestingDepthTest {
  private static final String STAGE_PREFIX = "pipeline p {\n  stage a { handler \"x\" input ";

  @Test
  void lists_nested_1000_deep_compile_and_round_trip_through_json_and_yaml() {
    Plan plan = Flow.plan(STAGE_PREFIX + list(1_000) + " }\n}\n");

    assertThat(depth(plan.job("a").input().toString())).isEqualTo(1_000);
    assertThat(PlanCodec.fromJson(PlanCodec.toJson(plan))).isEqualTo(plan);
    assertThat(PlanCodec.fromYaml(PlanCodec.toYaml(plan))).isEqualTo(plan);
  }

  @Test
  void a_result_reference_inside_998_maps_compiles_to_1000_levels_and_round_trips() {
    // The plan writes a reference as {"$result": ..., "path": [...]}: two levels of its own.
    Plan plan = Flow.plan(withReferenceInside(998));

    assertThat(plan.job("a").dependsOn()).containsExactly("b");
    assertThat(depth(plan.job("a").input().toString())).isEqualTo(1_000);
    assertThat(PlanCodec.fromJson(PlanCodec.toJson(plan))).isEqualTo(plan);
    assertThat(PlanCodec.fromYaml(PlanCodec.toYaml(plan))).isEqualTo(plan);
  }

  @Test
  void a_result_reference_inside_999_maps_is_one_flow001_when_compiling() {
    CompileResult compiled = Flow.compile(withReferenceInside(999), Map.of());

    assertThat(compiled.diagnostics().stream().map(DiagnosticText::line))
        .containsExactly(
            "3:31-3:7032 error FLOW001 nesting is too deep: 'input' nests 1001 levels once its"
                + " params and result references are filled in; lists and maps nest at most 1000"
                + " levels");
    assertThat(compiled.plan()).isEmpty();
  }

  @Test
  void a_param_1000_deep_put_inside_a_list_is_one_flow001_when_compiling() {
    String text =
        "pipeline p {\n  params { x: list = "
            + list(1_000)
            + " }\n  stage a { handler \"x\" input [params.x] }\n}\n";

    assertThat(Flow.check(text).diagnostics()).isEmpty();
    assertThat(Flow.compile(text, Map.of()).diagnostics().stream().map(DiagnosticText::line))
        .containsExactly(
            "3:31-3:41 error FLOW001 nesting is too deep: 'input' nests 1001 levels once its"
                + " params and result references are filled in; lists and maps nest at most 1000"
                + " levels");
  }

  private static String withReferenceInside(int maps) {
    return "pipeline p {\n  stage b { handler \"x\" }\n  stage a { handler \"x\" input "
        + "{ k: ".repeat(maps)
        + "b.result"
        + " }".repeat(maps)
        + " }\n}\n";
  }

  @Test
  void a_list_nested_1001_deep_is_one_flow001_at_its_innermost_bracket() {
    // The stage input starts at column 31: the 1,001st '[' is at column 1031.
    assertThat(Flow.lines(STAGE_PREFIX + list(1_001) + " }\n}\n"))
        .containsExactly(
            "2:1031-2:1032 error FLOW001 nesting is too deep: lists and maps nest at most 1000"
                + " levels");
  }

  @Test
  void a_map_nested_1001_deep_is_one_flow001_at_its_innermost_brace() {
    String text = STAGE_PREFIX + "{ k: ".repeat(1_001) + "1" + " }".repeat(1_001) + " }\n}\n";

    assertThat(Flow.lines(text))
        .containsExactly(
            "2:5031-2:5032 error FLOW001 nesting is too deep: lists and maps nest at most 1000"
                + " levels");
  }

  @Test
  void a_param_default_1001_deep_is_one_flow001_at_its_innermost_bracket() {
    String text =
        "pipeline p {\n  params {\n    x: list = "
            + list(1_001)
            + "\n  }\n  stage a { handler \"x\" input params.x }\n}\n";

    assertThat(Flow.lines(text))
        .containsExactly(
            "3:1015-3:1016 error FLOW001 nesting is too deep: lists and maps nest at most 1000"
                + " levels");
  }

  @Test
  void a_value_ten_thousand_deep_is_one_flow001_at_its_1001st_level() {
    String text =
        STAGE_PREFIX
            + "[".repeat(5_000)
            + "{ k: ".repeat(5_000)
            + "\"unterminated \uD83D\uDE00 }\n"
            + "}".repeat(4_999)
            + "]".repeat(5_000)
            + " }\n}\n";

    assertThat(Flow.lines(text))
        .containsExactly(
            "2:1031-2:1032 error FLOW001 nesting is too deep: lists and maps nest at most 1000"
                + " levels");
  }

  @Test
  void checking_1000_levels_needs_no_bigger_stack_from_the_caller() throws Exception {
    String text = STAGE_PREFIX + list(1_000) + " }\n}\n";
    AtomicReference<Object> outcome = new AtomicReference<>();
    // Smaller than any default thread stack: the compiler brings its own.
    Thread small =
        new Thread(
            null,
            () -> {
              try {
                outcome.set(FlowCompiler.compile(SourceFile.of("deep.flow", text), Map.of()));
              } catch (Throwable e) {
                outcome.set(e);
              }
            },
            "small-stack",
            128 * 1024);
    small.start();
    small.join();

    assertThat(outcome.get()).isInstanceOf(CompileResult.class);
    assertThat(((CompileResult) outcome.get()).plan()).isPresent();
  }

  private static String list(int depth) {
    return "[".repeat(depth) + "1" + "]".repeat(depth);
  }

  /** How deep the brackets of {@code json} nest. */
  private static int depth(String json) {
    int depth = 0;
    int deepest = 0;
    for (char c : json.toCharArray()) {
      if (c == '[' || c == '{') {
        deepest = Math.max(deepest, ++depth);
      } else if (c == ']' || c == '}') {
        depth--;
      }
    }
    return deepest;
  }

  @Test
  void parentheses_and_nots_in_a_condition_nest_1000_deep_and_deeper_is_one_flow001() {
    String fine =
        "pipeline p {\n  stage a { handler \"h\" when "
            + "(".repeat(1_000)
            + "true"
            + ")".repeat(1_000)
            + " && "
            + "!".repeat(1_000)
            + "false }\n}\n";
    String deep = "pipeline p {\n  stage a { handler \"h\" when " + "(".repeat(200_000) + " }\n}\n";

    assertThat(Flow.check(fine).diagnostics()).isEmpty();
    assertThat(Flow.check(deep).diagnostics().stream().map(DiagnosticText::line))
        .containsExactly(
            "2:1030-2:1031 error FLOW001 nesting is too deep: a condition nests at most 1000"
                + " levels of '(' or '!'");
  }
}
