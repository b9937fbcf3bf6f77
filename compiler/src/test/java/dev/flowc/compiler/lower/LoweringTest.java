package dev.flowc.compiler.lower;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.Flow;
import dev.flowc.dag.Backoff;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.PlanCodec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoweringTest {
  private static JobSpec job(String members, String stage) {
    return Flow.plan(pipeline(members)).job(stage);
  }

  @Test
  void a_stage_inherits_each_directive_from_defaults_as_a_whole() {
    String members =
        "  defaults { retries 2 timeout 1m backoff 1s max 1m priority 3 }\n"
            + "  stage a { handler \"x\" backoff 2s }\n  stage b { handler \"x\" }";
    assertThat(job(members, "a").backoff()).isEqualTo(Backoff.exponential(2_000, 300_000));
    assertThat(job(members, "a").retries()).isEqualTo(2);
    assertThat(job(members, "b").backoff()).isEqualTo(Backoff.exponential(1_000, 60_000));
    assertThat(job(members, "b").timeoutMs()).isEqualTo(60_000L);
    assertThat(job(members, "b").priority()).isEqualTo(3);
  }

  @Test
  void without_any_setting_a_job_gets_the_language_defaults() {
    JobSpec job = job("  stage a { handler \"x\" }", "a");
    assertThat(job.queue()).isEqualTo("default");
    assertThat(job.retries()).isEqualTo(3);
    assertThat(job.priority()).isZero();
    assertThat(job.backoff()).isEqualTo(Backoff.DEFAULT);
    assertThat(job.timeoutMs()).isNull();
    assertThat(job.input().isObject() && job.input().isEmpty()).isTrue();
  }

  @Test
  void a_backoff_base_without_max_caps_at_five_minutes_or_the_base() {
    assertThat(job("  stage a { handler \"x\" backoff 10s }", "a").backoff())
        .isEqualTo(Backoff.exponential(10_000, 300_000));
    assertThat(job("  stage a { handler \"x\" backoff 1h }", "a").backoff())
        .isEqualTo(Backoff.exponential(3_600_000, 3_600_000));
    assertThat(job("  stage a { handler \"x\" backoff fixed 250ms }", "a").backoff())
        .isEqualTo(Backoff.fixed(250));
  }

  @Test
  void timeout_null_overrides_a_default_timeout() {
    assertThat(
            job("  defaults { timeout 1m }\n  stage a { handler \"x\" timeout null }", "a")
                .timeoutMs())
        .isNull();
  }

  @Test
  void results_become_result_references_and_mixed_strings_become_formats() {
    JobSpec job =
        job(
            "  params { d: string = \"mon\" }\n  stage a { handler \"x\" }\n"
                + "  stage b { handler \"x\" input { r: a.result.rows[2], s: \"${params.d}:"
                + " ${a.result.n}\", p: \"day ${params.d}\" } }",
            "b");
    assertThat(job.input().toString())
        .isEqualTo(
            "{\"r\":{\"$result\":\"a\",\"path\":[\"rows\",2]},"
                + "\"s\":{\"$format\":[\"mon: \",{\"$result\":\"a\",\"path\":[\"n\"]}]},"
                + "\"p\":\"day mon\"}");
    assertThat(job.dependsOn()).containsExactly("a");
  }

  @Test
  void user_keys_that_begin_with_a_dollar_are_escaped() {
    JobSpec job =
        job("  stage a { handler \"x\" input { \"$result\": 1 } metadata { \"$x\": 2 } }", "a");
    assertThat(job.input().toString()).isEqualTo("{\"$$result\":1}");
    assertThat(job.metadata().toString()).isEqualTo("{\"$$x\":2}");
  }

  @Test
  void durations_are_milliseconds_everywhere() {
    JobSpec job =
        job("  stage a { handler \"x\" timeout 2h input { w: 1d, l: [500ms, 1m] } }", "a");
    assertThat(job.timeoutMs()).isEqualTo(7_200_000L);
    assertThat(job.input().toString()).isEqualTo("{\"w\":86400000,\"l\":[500,60000]}");
  }

  @Test
  void a_declared_default_queue_configures_the_default_queue_and_stays_first() {
    Plan plan =
        Flow.plan(
            pipeline(
                "  queue a\n  queue default { concurrency 4 }\n"
                    + "  stage s { handler \"x\" queue a }\n  stage t { handler \"x\" }"));
    assertThat(plan.queues())
        .extracting(q -> q.name() + "=" + q.concurrency())
        .containsExactly("default=4", "a=null");
  }

  @Test
  void params_in_typed_directives_are_substituted_and_range_checked() {
    String text =
        pipeline(
            "  params { n: int = 2  t: duration = 5s }\n"
                + "  stage a { handler \"x\" retries params.n timeout params.t }");
    assertThat(Flow.plan(text, Map.of("n", "7", "t", "1m")).job("a").retries()).isEqualTo(7);
    assertThat(Flow.plan(text, Map.of("t", "1m")).job("a").timeoutMs()).isEqualTo(60_000L);
    assertThat(
            Flow.compile(text, Map.of("n", "-1")).diagnostics().stream()
                .map(dev.flowc.compiler.DiagnosticText::line))
        .containsExactly("3:33-3:41 error FLOW302 'retries' must be between 0 and 1000, not -1");
  }

  @Test
  void a_null_param_for_timeout_means_no_timeout() {
    assertThat(
            Flow.plan(
                    pipeline(
                        "  params { t: duration = null }\n"
                            + "  stage a { handler \"x\" timeout params.t }"))
                .job("a")
                .timeoutMs())
        .isNull();
  }

  @Test
  void the_same_input_gives_byte_identical_json() {
    String text =
        pipeline(
            "  params { p: map = { b: 1, a: 2 } }\n"
                + "  stage z { handler \"x\" input { m: params.p } }\n"
                + "  stage y after z { handler \"x\" input { q: z.result, w: \"${params.p}\" } }");
    String first = PlanCodec.toJson(Flow.plan(text));
    for (int i = 0; i < 5; i++) {
      assertThat(PlanCodec.toJson(Flow.plan(text))).isEqualTo(first);
    }
  }

  @Test
  void a_pipeline_with_errors_is_never_lowered() {
    assertThat(Flow.compile(pipeline("  stage a { }"), Map.of()).plan()).isEmpty();
  }

  @Test
  void interpolating_a_map_param_shows_the_keys_as_given() {
    JobSpec job =
        dev.flowc.compiler.Flow.plan(
                pipeline(
                    "  params { m: map }\n"
                        + "  stage a { handler \"x\" input { text: \"${params.m}\", raw: params.m } }"),
                java.util.Map.of("m", "{\"$k\": 1}"))
            .job("a");

    assertThat(job.input().get("text").asText()).isEqualTo("{\"$k\":1}");
    assertThat(job.input().get("raw").has("$$k")).isTrue();
  }

  @Test
  void a_backoff_max_shorter_than_its_base_names_the_params_that_gave_them() {
    assertThat(
            dev.flowc.compiler.DiagnosticText.render(
                dev.flowc.compiler.Flow.compile(
                        pipeline(
                            "  params { base: duration = 1m  cap: duration = 10s }\n"
                                + "  stage a { handler \"x\" backoff params.base max params.cap }"),
                        java.util.Map.of())
                    .diagnostics()))
        .isEqualTo(
            "3:49-3:59 error FLOW302 backoff max 10s is shorter than its base 1m\n"
                + "  note: 1m is the value of param 'base'\n"
                + "  note: 10s is the value of param 'cap'\n");
  }
}
