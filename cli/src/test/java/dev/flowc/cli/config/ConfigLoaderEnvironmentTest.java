package dev.flowc.cli.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowc.cli.UserException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ${env:NAME}} in flowc.yaml and {@code FLOWC_STORE}. */
class ConfigLoaderEnvironmentTest {
  @TempDir Path dir;

  private void write(String text) throws IOException {
    Files.writeString(dir.resolve("flowc.yaml"), text, UTF_8);
  }

  private FlowcConfig load(Map<String, String> environment) {
    return new ConfigLoader(dir, environment).forWorkingDirectory();
  }

  @Test
  void every_string_value_may_name_environment_variables() throws IOException {
    write(
        """
        store: ${env:STORE_DIR:-state}/jobs.db
        password_file: ${env:SECRETS}/db-password
        workers: ${env:WORKERS:-4}
        prefetch: "${env:PREFETCH}"
        classpath: [target/classes, '${env:LIBS}/*']
        modules: ${env:MODULE}
        params:
          table: ${env:TABLE}
          limit: 10
        lock_timeout: ${env:LOCK_TIMEOUT:-30s}
        """);
    Map<String, String> environment =
        Map.of(
            "SECRETS", "/run/secrets",
            "WORKERS", "8",
            "PREFETCH", "0",
            "LIBS", "/opt/etl/lib",
            "MODULE", "com.example.etl.EtlModule",
            "TABLE", "analytics.events",
            "LOCK_TIMEOUT", "2m");

    FlowcConfig config = load(environment);

    assertThat(config.store()).isEqualTo(dir.resolve("state/jobs.db").toString());
    assertThat(config.passwordFile()).isEqualTo(Path.of("/run/secrets/db-password"));
    assertThat(config.workers()).isEqualTo(8);
    assertThat(config.prefetch()).isZero();
    assertThat(config.classpath())
        .containsExactly(
            dir.resolve("target/classes"), Path.of("/opt/etl/lib" + File.separator + "*"));
    assertThat(config.modules()).containsExactly("com.example.etl.EtlModule");
    assertThat(config.params())
        .containsExactly(Map.entry("table", "analytics.events"), Map.entry("limit", "10"));
    assertThat(config.lockTimeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void one_file_serves_a_laptop_with_its_defaults_and_ci_with_its_variables() throws IOException {
    write("store: ${env:CI_STORE:-.flowc/flowc.db}\nworkers: ${env:CI_WORKERS:-2}\n");

    assertThat(load(Map.of()).store()).isEqualTo(dir.resolve(".flowc/flowc.db").toString());
    assertThat(load(Map.of()).workers()).isEqualTo(2);
    FlowcConfig ci =
        load(Map.of("CI_STORE", "jdbc:postgresql://db/flowc?user=ci", "CI_WORKERS", "16"));
    assertThat(ci.store()).isEqualTo("jdbc:postgresql://db/flowc?user=ci");
    assertThat(ci.workers()).isEqualTo(16);
  }

  @Test
  void an_unset_variable_without_a_default_is_one_line_with_the_file_line_column_and_name()
      throws IOException {
    write("workers: 2\nstore: jdbc:postgresql://${env:DB_HOST}/flowc\n");

    assertThatThrownBy(() -> load(Map.of()))
        .isInstanceOfSatisfying(UserException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessage(
            "flowc.yaml:2:26: environment variable 'DB_HOST' is not set (set it, or give a"
                + " default: ${env:DB_HOST:-VALUE})");
  }

  @Test
  void the_column_of_an_unset_variable_counts_quotes_and_list_entries_as_written()
      throws IOException {
    write("classpath:\n  - target/classes\n  - \"${env:HOME_DIR:-x}/${env:LIB}/*\"\n");

    assertThatThrownBy(() -> load(Map.of()))
        .hasMessageStartingWith("flowc.yaml:3:25: environment variable 'LIB' is not set");

    write("params:\n  table: >-\n    analytics.\n    ${env:TABLE}\n");
    assertThatThrownBy(() -> load(Map.of()))
        .hasMessageStartingWith("flowc.yaml:4:5: environment variable 'TABLE' is not set");
  }

  @Test
  void a_doubled_dollar_keeps_a_reference_literally() throws IOException {
    write("params:\n  template: 'Hello $${env:USER}'\n");

    assertThat(load(Map.of("USER", "ada")).params()).containsEntry("template", "Hello ${env:USER}");
  }

  @Test
  void a_value_that_expands_to_nothing_is_refused_where_a_value_is_required() throws IOException {
    write("store: ${env:EMPTY}\n");

    assertThatThrownBy(() -> load(Map.of("EMPTY", "")))
        .hasMessage("flowc.yaml:1:8: 'store' must not be empty (it is '${env:EMPTY}')");

    write("workers: ${env:WORKERS}\n");
    assertThatThrownBy(() -> load(Map.of("WORKERS", "many")))
        .hasMessage(
            "flowc.yaml:1:10: 'workers' must be a whole number of at least 1, not 'many' (from"
                + " '${env:WORKERS}')");
  }

  @Test
  void flowc_store_overrides_the_store_of_the_file_for_every_command() throws IOException {
    write("store: from-file.db\n");
    Files.writeString(dir.resolve("p.flow"), "", UTF_8);
    Map<String, String> environment = Map.of("FLOWC_STORE", "ci/jobs.db");
    ConfigLoader elsewhere = new ConfigLoader(dir.resolve("work"), environment);

    assertThat(load(environment).store()).isEqualTo(dir.resolve("ci/jobs.db").toString());
    assertThat(elsewhere.forPipeline(dir.resolve("p.flow")).store())
        .as("relative to the working directory, as --store")
        .isEqualTo(dir.resolve("work/ci/jobs.db").toString());
    assertThat(load(Map.of("FLOWC_STORE", "jdbc:postgresql://db/flowc")).store())
        .isEqualTo("jdbc:postgresql://db/flowc");
  }

  @Test
  void flowc_store_applies_without_a_file_and_an_empty_one_is_unset() throws IOException {
    assertThat(load(Map.of("FLOWC_STORE", "x.db")).store())
        .isEqualTo(dir.resolve("x.db").toString());
    assertThat(load(Map.of("FLOWC_STORE", "")).store())
        .isEqualTo(dir.resolve(".flowc/flowc.db").toString());
  }

  @Test
  void the_store_option_overrides_flowc_store() throws IOException {
    ConfigLoader loader = new ConfigLoader(dir, Map.of("FLOWC_STORE", "env.db"));

    FlowcConfig config = loader.forWorkingDirectory().withStore(loader.resolveStore("option.db"));

    assertThat(config.store()).isEqualTo(dir.resolve("option.db").toString());
  }

  @Test
  void with_flowc_store_set_the_files_store_is_not_expanded_but_must_still_be_a_string()
      throws IOException {
    write("store: ${env:DEV_STORE}\nworkers: 3\n");

    FlowcConfig config = load(Map.of("FLOWC_STORE", "ci.db"));

    assertThat(config.store()).isEqualTo(dir.resolve("ci.db").toString());
    assertThat(config.workers()).isEqualTo(3);
    write("store: [a, b]\nworkers: 3\n");
    assertThatThrownBy(() -> load(Map.of("FLOWC_STORE", "ci.db")))
        .hasMessage("flowc.yaml:1:8: 'store' must be a string, not a list");
  }
}
