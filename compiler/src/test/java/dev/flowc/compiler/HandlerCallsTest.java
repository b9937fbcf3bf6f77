package dev.flowc.compiler;

import static dev.flowc.compiler.Flow.check;
import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowc.compiler.source.Span;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandlerCallsTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void each_stage_gives_its_handler_and_input_with_their_spans() {
    List<HandlerCall> calls =
        check(
                pipeline(
                    "  stage a { handler \"etl.a\" input { n: 1, s: \"x\" } }\n"
                        + "  stage b { handler etl.b }"))
            .handlerCalls();

    assertThat(calls)
        .containsExactly(
            new HandlerCall(
                "a",
                Span.of(2, 9, 1),
                "etl.a",
                Span.of(2, 21, 7),
                Optional.of(
                    new StaticValue.ObjectValue(
                        List.of(
                            new StaticValue.Field(
                                "n",
                                Span.of(2, 37, 1),
                                new StaticValue.Scalar(NODES.numberNode(1L), Span.of(2, 40, 1))),
                            new StaticValue.Field(
                                "s",
                                Span.of(2, 43, 1),
                                new StaticValue.Scalar(NODES.textNode("x"), Span.of(2, 46, 3)))),
                        Span.of(2, 35, 16)))),
            new HandlerCall("b", Span.of(3, 9, 1), "etl.b", Span.of(3, 21, 5), Optional.empty()));
  }

  @Test
  void literals_are_json_as_in_the_ir_and_lists_keep_their_items() {
    StaticValue input = input("[\"s\", 1, 1.5, 2s, true, null, [], {}]");

    assertThat(((StaticValue.ArrayValue) input).items())
        .extracting(
            v ->
                v instanceof StaticValue.Scalar s
                    ? s.value().toString()
                    : v.getClass().getSimpleName())
        .containsExactly("\"s\"", "1", "1.5", "2000", "true", "null", "ArrayValue", "ObjectValue");
  }

  @Test
  void a_param_has_its_declared_type_and_json_type() {
    String text =
        pipeline(
            "  params { n: int = 1  d: duration = 1s  l: list = []  a: any = 1 }\n"
                + "  stage s { handler h input [params.n, params.d, params.l, params.a] }");
    List<StaticValue> items =
        ((StaticValue.ArrayValue) check(text).handlerCalls().get(0).input().orElseThrow()).items();

    assertThat(items)
        .containsExactly(
            new StaticValue.Param(
                "n", "int", Optional.of(JsonType.INTEGER), Span.of(2, 12, 1), Span.of(3, 30, 8)),
            new StaticValue.Param(
                "d",
                "duration",
                Optional.of(JsonType.INTEGER),
                Span.of(2, 24, 1),
                Span.of(3, 40, 8)),
            new StaticValue.Param(
                "l", "list", Optional.of(JsonType.ARRAY), Span.of(2, 42, 1), Span.of(3, 50, 8)),
            new StaticValue.Param(
                "a", "any", Optional.empty(), Span.of(2, 56, 1), Span.of(3, 60, 8)));
  }

  @Test
  void results_and_interpolating_strings_are_unknown() {
    String text =
        pipeline(
            "  params { p: string = \"x\" }\n"
                + "  stage a { handler h }\n"
                + "  stage b { handler h input [a.result.rows, \"${params.p}!\", params.nope] }");
    List<StaticValue> items =
        ((StaticValue.ArrayValue) check(text).handlerCalls().get(1).input().orElseThrow()).items();

    assertThat(items)
        .containsExactly(
            new StaticValue.Unknown("the result of 'a'", Optional.empty(), Span.of(4, 30, 13)),
            new StaticValue.Unknown(
                "a string that interpolates", Optional.of(JsonType.STRING), Span.of(4, 45, 14)),
            new StaticValue.Unknown("param 'nope'", Optional.empty(), Span.of(4, 61, 11)));
  }

  @Test
  void calls_are_given_with_other_errors_but_not_after_a_syntax_error() {
    assertThat(check(pipeline("  stage a { handler h queue nope }")).handlerCalls()).hasSize(1);
    assertThat(check(pipeline("  stage a { handler h input { x: } }")).handlerCalls()).isEmpty();
  }

  @Test
  void a_stage_without_a_readable_handler_has_no_call() {
    assertThat(
            check(pipeline("  stage a { input { } }\n  stage b { handler \"${params.x}\" }"))
                .handlerCalls())
        .isEmpty();
  }

  private static StaticValue input(String value) {
    return check(pipeline("  stage s { handler h input " + value + " }"))
        .handlerCalls()
        .get(0)
        .input()
        .orElseThrow();
  }

  @Test
  void loop_variables_and_run_values_are_known_by_their_type_when_it_is_certain() {
    List<HandlerCall> calls =
        check(
                pipeline(
                    "  stage a for i, r in [\"eu\", \"us\"] { handler \"h\" input { r: r, i: i,"
                        + " id: run.id, k: run.key } }\n"
                        + "  stage b for x in [1, \"a\"] { handler \"h\" input { x: x, p: x.path } }"))
            .handlerCalls();

    assertThat(fields(calls.get(0)))
        .containsExactly(
            "the loop variable 'r' Optional[STRING]",
            "the index 'i' Optional[INTEGER]",
            "run.id Optional[INTEGER]",
            "run.key Optional.empty");
    assertThat(fields(calls.get(1)))
        .containsExactly(
            "the loop variable 'x' Optional.empty",
            "a field of the loop variable 'x' Optional.empty");
  }

  private static List<String> fields(HandlerCall call) {
    return ((StaticValue.ObjectValue) call.input().orElseThrow())
        .fields().stream()
            .map(f -> (StaticValue.Unknown) f.value())
            .map(u -> u.what() + " " + u.type())
            .toList();
  }
}
