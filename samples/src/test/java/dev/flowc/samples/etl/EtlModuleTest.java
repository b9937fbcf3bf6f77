package dev.flowc.samples.etl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EtlModuleTest {

  @Test
  void binds_every_handler_the_pipeline_names() throws IOException {
    Plan plan =
        FlowCompiler.compile(
                SourceFile.read(EtlHandlers.SAMPLE.resolve("pipeline.flow"), "etl/pipeline.flow"),
                Map.of())
            .plan()
            .orElseThrow();

    assertThat(EtlHandlers.registry().boundNames())
        .containsAll(plan.jobs().stream().map(JobSpec::handler).toList());
  }

  @Test
  void the_handlers_take_their_input_records() {
    assertThat(EtlHandlers.registry().resolve("etl.normalize").inputType().getRawClass())
        .isEqualTo(Normalize.Input.class);
    assertThat(EtlHandlers.registry().resolve("etl.load-to-warehouse").resultType().getRawClass())
        .isEqualTo(LoadToWarehouse.Result.class);
  }

  @Test
  void both_sample_modules_are_declared_as_guice_module_services() throws IOException {
    try (var services =
        EtlModule.class.getResourceAsStream("/META-INF/services/com.google.inject.Module")) {
      assertThat(new String(services.readAllBytes()).strip().lines())
          .containsExactly(EtlModule.class.getName(), EtlV2Module.class.getName());
    }
  }

  @Test
  void flowc_yaml_loads_the_samples_jar_and_the_module() throws IOException {
    String yaml = Files.readString(EtlHandlers.SAMPLE.resolve("flowc.yaml"));

    assertThat(yaml)
        .contains("classpath: [../target/flowc-samples.jar]")
        .contains("modules: [" + EtlModule.class.getName() + "]");
  }
}
