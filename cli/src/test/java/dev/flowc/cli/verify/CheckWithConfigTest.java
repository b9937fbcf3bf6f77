package dev.flowc.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.cli.FlowcRun;
import dev.flowc.cli.run.TestHandlersModule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckWithConfigTest {
  @TempDir Path dir;

  private static final String PIPELINE =
      """
      pipeline p {
        stage a { handler test.fails_oncee input { message: "x", times: 1 } }
      }
      """;

  @Test
  void a_flowc_yaml_next_to_the_pipeline_that_names_modules_turns_handler_checks_on() {
    FlowcRun.write(dir, "flowc.yaml", "modules: [" + TestHandlersModule.class.getName() + "]\n");
    String file = FlowcRun.write(dir, "p.flow", PIPELINE);

    FlowcRun check = FlowcRun.of("check", file);

    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.out())
        .contains("error[FLOW501]: no handler is bound under 'test.fails_oncee'")
        .contains("= help: did you mean 'test.fails_once'?");
  }

  @Test
  void without_a_config_or_options_handlers_are_not_checked() {
    String file = FlowcRun.write(dir, "p.flow", PIPELINE);

    FlowcRun check = FlowcRun.of("check", file);

    assertThat(check.exitCode()).as(check.out()).isZero();
  }

  @Test
  void a_module_option_replaces_the_config_s_modules() {
    FlowcRun.write(dir, "flowc.yaml", "modules: [" + TestHandlersModule.class.getName() + "]\n");
    String file =
        FlowcRun.write(dir, "p.flow", PIPELINE.replace("test.fails_oncee", "test.fails_once"));

    assertThat(FlowcRun.of("check", file).exitCode()).isZero();
    FlowcRun withOption =
        FlowcRun.of(
            "check", file, "--module", dev.flowc.cli.verify.TestHandlersModule.class.getName());
    assertThat(withOption.out()).contains("error[FLOW501]");
  }

  @Test
  void stderr_says_which_flowc_yaml_in_a_parent_directory_the_handlers_come_from() {
    FlowcRun.write(dir, "flowc.yaml", "modules: [" + TestHandlersModule.class.getName() + "]\n");
    String file = FlowcRun.write(dir, "pipelines/nightly/p.flow", PIPELINE);
    String other = FlowcRun.write(dir, "pipelines/q.flow", PIPELINE);

    FlowcRun check = FlowcRun.of("check", file, other);

    assertThat(check.err())
        .isEqualTo(
            "flowc: checking handlers with the modules of %s (--no-handlers skips loading them)\n"
                .formatted(dir.resolve("flowc.yaml").toAbsolutePath().normalize()));
    assertThat(check.out()).contains("error[FLOW501]");
  }

  @Test
  void no_handlers_checks_the_file_alone_without_loading_the_config_s_modules() {
    FlowcRun.write(dir, "flowc.yaml", "modules: [com.example.NotHere]\n");
    String file = FlowcRun.write(dir, "p.flow", PIPELINE);

    FlowcRun loading = FlowcRun.of("check", file);
    FlowcRun skipping = FlowcRun.of("check", "--no-handlers", file);

    assertThat(loading.exitCode()).isEqualTo(2);
    assertThat(skipping.err()).isEmpty();
    assertThat(skipping.out()).isEqualTo("0 errors, 0 warnings in 1 file\n");
    assertThat(skipping.exitCode()).isZero();
  }

  @Test
  void no_handlers_with_a_classpath_is_a_usage_error() {
    String file = FlowcRun.write(dir, "p.flow", PIPELINE);

    FlowcRun check = FlowcRun.of("check", "--no-handlers", "-cp", dir.toString(), file);

    assertThat(check.exitCode()).isEqualTo(2);
    assertThat(check.err())
        .isEqualTo(
            "flowc: --no-handlers cannot be combined with --classpath or --module (see 'flowc"
                + " check --help')\n");
  }

  @Test
  void options_that_name_both_classpath_and_modules_say_nothing_about_a_config() {
    FlowcRun.write(dir, "flowc.yaml", "modules: [com.example.NotHere]\n");
    String file = FlowcRun.write(dir, "p.flow", PIPELINE);

    FlowcRun check =
        FlowcRun.of(
            "check", "-cp", dir.toString(), "--module", TestHandlersModule.class.getName(), file);

    assertThat(check.err()).isEmpty();
    assertThat(check.exitCode()).isEqualTo(1);
  }
}
