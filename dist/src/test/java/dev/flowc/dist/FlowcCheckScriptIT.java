package dev.flowc.dist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flowc.dist.UnpackedDistribution.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Action's script, {@code dist/ci/flowc-check.sh}, run as the action runs it (not on
 * GitHub): it installs flowc from the archive the build made, checks a sample repository's
 * pipelines, and leaves annotations, SARIF, outputs and an exit code. And the pre-commit hook's
 * definition, run as pre-commit runs it.
 */
class FlowcCheckScriptIT {
  private static final String VALID =
      "pipeline etl {\n  stage extract { handler builtin.noop }\n"
          + "  stage load after extract { handler builtin.noop }\n}\n";
  private static final String BROKEN =
      "pipeline daily {\n  stage report after extract { handler builtin.noop }\n}\n";

  @TempDir static Path tools;
  @TempDir Path repository;

  private static Path root;
  private static Path script;
  private Path runner;

  @BeforeAll
  static void findTheScript() {
    assumeFalse(System.getProperty("os.name").startsWith("Windows"), "the script is bash");
    root = repositoryRoot();
    script = root.resolve("dist/ci/flowc-check.sh");
  }

  @BeforeEach
  void aRepositoryWithPipelines() throws IOException {
    write("pipelines/etl.flow", VALID);
    write("pipelines/daily/report.flow", BROKEN);
    write("docs/notes.md", "not a pipeline\n");
    runner = Files.createDirectories(tools.resolve("runner-" + System.nanoTime()));
  }

  @Test
  void errors_become_annotations_and_exit_1_with_sarif_and_outputs() throws Exception {
    Result result =
        action(Map.of("FLOWC_PATHS", "pipelines/**/*.flow", "FLOWC_SARIF_FILE", "flowc.sarif"));

    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    assertThat(result.out())
        .startsWith(
            "::error file=pipelines/daily/report.flow,line=2,col=22,endLine=2,endColumn=29,"
                + "title=FLOW201::unknown stage 'extract'")
        .doesNotContain("pipelines/etl.flow");
    assertThat(result.err())
        .contains("flowc-check: flowc " + UnpackedDistribution.version() + " (commit ")
        .contains("the pipelines have errors");
    JsonNode sarif = new ObjectMapper().readTree(repository.resolve("flowc.sarif").toFile());
    assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
    JsonNode results = sarif.path("runs").path(0).path("results");
    assertThat(results).hasSize(1);
    assertThat(results.path(0).path("ruleId").asText()).isEqualTo("FLOW201");
    assertThat(Files.readString(runner.resolve("output"), UTF_8))
        .isEqualTo("exit-code=1\nsarif-file=flowc.sarif\n");
    assertThat(Files.readString(runner.resolve("path"), UTF_8).strip())
        .endsWith("/flowc-" + UnpackedDistribution.version() + "/bin");
  }

  @Test
  void valid_pipelines_exit_0_without_annotations() throws Exception {
    Result result = action(Map.of("FLOWC_PATHS", "pipelines/etl.flow"));

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("flowc-check: no errors");
    assertThat(Files.readString(runner.resolve("output"), UTF_8)).startsWith("exit-code=0\n");
  }

  @Test
  void a_directory_is_every_pipeline_below_it_and_the_install_is_reused() throws Exception {
    Result first = action(Map.of("FLOWC_PATHS", "pipelines"));
    Path installed = runner.resolve("tools/flowc/flowc-" + UnpackedDistribution.version());
    Files.writeString(installed.resolve("marker"), "kept");
    Result second = action(Map.of("FLOWC_PATHS", "pipelines\ndocs/../pipelines/etl.flow"));

    assertThat(first.exitCode()).isEqualTo(1);
    assertThat(first.out()).contains("file=pipelines/daily/report.flow");
    assertThat(second.exitCode()).isEqualTo(1);
    assertThat(installed.resolve("marker")).exists();
  }

  @Test
  void a_path_that_names_no_pipeline_exits_2_in_one_line() throws Exception {
    Result result = action(Map.of("FLOWC_PATHS", "docs"));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("flowc: no .flow file in directory 'docs'\n");
  }

  @Test
  void an_archive_that_cannot_be_downloaded_exits_2_with_an_annotation() throws Exception {
    Result result =
        action(Map.of("FLOWC_ARCHIVE_URL", "file://" + repository.resolve("missing.tar.gz")));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).startsWith("::error title=flowc-check::cannot download file://");
  }

  @Test
  void without_a_version_the_release_of_the_actions_ref_is_downloaded() throws Exception {
    // As the runner lays out an action: .../_actions/OWNER/REPO/REF. The archive is not on
    // GitHub here: the message names the URL it would have used.
    Path action = Files.createDirectories(runner.resolve("_actions/flowc-dev/flowc/main"));
    Map<String, String> env = new HashMap<>(Map.of("GITHUB_ACTION_PATH", action.toString()));
    env.put("FLOWC_VERSION", "");
    env.put("FLOWC_ARCHIVE_URL", "");

    Result result = action(env);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "flowc-check: no flowc version: set the action's 'version' input (the action's ref"
                + " 'main' is not a release)\n");
  }

  @Test
  void action_yml_runs_this_script_with_the_settings_it_reads() throws Exception {
    JsonNode action = new YAMLMapper().readTree(root.resolve("action.yml").toFile());
    JsonNode steps = action.path("runs").path("steps");
    JsonNode check = null;
    for (JsonNode step : steps) {
      if (step.path("id").asText().equals("check")) {
        check = step;
      }
    }

    assertThat(action.path("runs").path("using").asText()).isEqualTo("composite");
    assertThat(check).isNotNull();
    assertThat(check.path("run").asText()).contains("$GITHUB_ACTION_PATH/dist/ci/flowc-check.sh");
    String text = Files.readString(script, UTF_8);
    List<String> settings = new ArrayList<>();
    check.path("env").fieldNames().forEachRemaining(settings::add);
    assertThat(settings).isNotEmpty().allSatisfy(name -> assertThat(text).contains(name));
    assertThat(steps.toString()).contains("github/codeql-action/upload-sarif");
    assertThat(action.path("inputs").has("version")).isTrue();
    assertThat(action.path("inputs").has("paths")).isTrue();
  }

  @Test
  void the_pre_commit_hook_checks_the_staged_flow_files() throws Exception {
    JsonNode hooks = new YAMLMapper().readTree(root.resolve(".pre-commit-hooks.yaml").toFile());
    JsonNode hook = hooks.path(0);
    assertThat(hook.path("id").asText()).isEqualTo("flowc-check");
    assertThat(hook.path("files").asText()).isEqualTo("\\.flow$");
    UnpackedDistribution flowc =
        UnpackedDistribution.unpack(Files.createTempDirectory(runner, "d"));

    // pre-commit runs the entry with the staged files that match 'files' as arguments.
    Result result =
        flowc.shell(
            repository,
            Map.of(),
            hook.path("entry").asText() + " pipelines/etl.flow pipelines/daily/report.flow");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .contains("pipelines/daily/report.flow:2:22: error[FLOW201]")
        .endsWith("1 error, 0 warnings in 2 files\n");
  }

  /** Runs the script in the repository as the action does, with the archive the build made. */
  private Result action(Map<String, String> settings) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", UnpackedDistribution.systemPath());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("FLOWC_VERSION", UnpackedDistribution.version());
    env.put("FLOWC_ARCHIVE_URL", "file://" + System.getProperty("flowc.dist.archive"));
    env.put("RUNNER_TOOL_CACHE", runner.resolve("tools").toString());
    env.put("RUNNER_TEMP", Files.createDirectories(runner.resolve("temp")).toString());
    env.put("GITHUB_OUTPUT", runner.resolve("output").toString());
    env.put("GITHUB_PATH", runner.resolve("path").toString());
    env.putAll(settings);
    return UnpackedDistribution.run(repository, env, List.of("bash", script.toString()));
  }

  private void write(String name, String text) throws IOException {
    Path path = repository.resolve(name);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text, UTF_8);
  }

  private static Path repositoryRoot() {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      if (Files.isRegularFile(at.resolve("action.yml")) && Files.isDirectory(at.resolve("dist"))) {
        return at;
      }
    }
    throw new AssertionError("action.yml not found above " + Path.of("").toAbsolutePath());
  }
}
