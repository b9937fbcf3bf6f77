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
}
