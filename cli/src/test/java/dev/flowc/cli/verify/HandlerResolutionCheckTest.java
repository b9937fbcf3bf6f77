package dev.flowc.cli.verify;

import static dev.flowc.cli.verify.VerifyRunner.lines;
import static dev.flowc.cli.verify.VerifyRunner.pipeline;
import static dev.flowc.cli.verify.VerifyRunner.rendered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.diagnostic.DiagnosticCode;
import org.junit.jupiter.api.Test;

class HandlerResolutionCheckTest {
  @Test
  void an_unbound_name_is_reported_at_the_handler_value_with_the_closest_bound_name() {
    assertThat(
            rendered(
                DiagnosticCode.FLOW501,
                pipeline("  stage a { handler \"etl.extrakt-api\" input { pageSize: 1 } }")))
        .containsExactly(
            "2:21-2:38 error FLOW501 no handler is bound under 'etl.extrakt-api' and no class of"
                + " that name is on the classpath\n"
                + "  help: did you mean 'etl.extract-api'?");
  }

  @Test
  void a_dotted_name_is_reported_at_the_name() {
    assertThat(rendered(DiagnosticCode.FLOW501, pipeline("  stage a { handler etl.lod }")))
        .containsExactly(
            "2:21-2:28 error FLOW501 no handler is bound under 'etl.lod' and no class of that"
                + " name is on the classpath\n"
                + "  help: did you mean 'etl.load'?");
  }

  @Test
  void a_name_far_from_every_bound_one_lists_the_bound_names() {
    assertThat(rendered(DiagnosticCode.FLOW501, pipeline("  stage a { handler \"zzz\" }")))
        .containsExactly(
            "2:21-2:26 error FLOW501 no handler is bound under 'zzz' and no class of that name is"
                + " on the classpath\n"
                + "  help: the bound handlers are 'builtin.echo', 'builtin.fail', 'builtin.noop',"
                + " 'builtin.sleep', 'etl.extract-api', 'etl.load', 'test.any', 'test.bean',"
                + " 'test.ints', 'test.lenient' and 1 more; or name a class that implements"
                + " dev.flowc.runtime.Handler");
  }

  @Test
  void a_handler_class_name_resolves_and_its_input_is_checked() {
    String name = TestHandlers.ByClass.class.getName();

    assertThat(
            rendered(pipeline("  stage a { handler \"" + name + "\" input { path: \"/tmp\" } }")))
        .isEmpty();
    assertThat(lines(pipeline("  stage a { handler \"" + name + "\" input { paht: 1 } }")))
        .containsExactly(
            "2:73-2:77 error FLOW502 unknown field 'paht' in the input of '" + name + "'");
  }

  @Test
  void a_class_that_is_not_a_handler_is_reported() {
    String name = TestHandlers.NotAHandler.class.getName();

    assertThat(rendered(DiagnosticCode.FLOW501, pipeline("  stage a { handler \"" + name + "\" }")))
        .containsExactly(
            "2:21-2:%d error FLOW501 class '%s' does not implement dev.flowc.runtime.Handler"
                .formatted(23 + name.length(), name));
  }

  @Test
  void built_in_handlers_resolve_without_any_module() {
    assertThat(
            rendered(
                pipeline(
                    "  stage a { handler builtin.noop }\n"
                        + "  stage b { handler builtin.echo input [1, 2] }\n"
                        + "  stage c { handler builtin.sleep input { ms: 10 } }\n"
                        + "  stage d { handler builtin.fail input { message: \"boom\" } }")))
        .isEmpty();
  }

  @Test
  void every_stage_with_an_unknown_handler_is_reported_and_its_input_is_not_checked() {
    assertThat(
            lines(
                pipeline(
                    "  stage a { handler \"nope\" input { x: 1 } }\n"
                        + "  stage b { handler \"nope\" input { y: 2 } }")))
        .containsExactly(
            "2:21-2:27 error FLOW501 no handler is bound under 'nope' and no class of that name"
                + " is on the classpath",
            "3:21-3:27 error FLOW501 no handler is bound under 'nope' and no class of that name"
                + " is on the classpath");
  }

  @Test
  void an_ignore_comment_does_not_silence_it_and_says_so() {
    assertThat(
            rendered(
                DiagnosticCode.FLOW501,
                pipeline("  stage a { handler \"zzz.yyy\" }  # flowc:ignore FLOW501")))
        .singleElement()
        .satisfies(
            text ->
                assertThat(text)
                    .startsWith("2:21-2:30 error FLOW501 no handler is bound under 'zzz.yyy'")
                    .endsWith(
                        "\n  note: errors cannot be silenced with 'flowc:ignore'; only warnings"
                            + " can"));
  }
}
