package dev.flowc.cli.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowc.cli.UserException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, UTF_8);
    return file;
  }

  private UserException failure(String yaml) throws IOException {
    write("flowc.yaml", yaml);
    try {
      new ConfigLoader(dir).forWorkingDirectory();
    } catch (UserException e) {
      return e;
    }
    throw new AssertionError("no error for:\n" + yaml);
  }

  @Test
  void without_a_file_the_store_is_flowc_db_in_the_working_directory() {
    FlowcConfig config = new ConfigLoader(dir).forPipeline(Path.of("p.flow"));

    assertThat(config.file()).isNull();
    assertThat(config.store()).isEqualTo(dir.resolve(".flowc/flowc.db").toString());
    assertThat(config.workers()).isEqualTo(4);
    assertThat(config.classpath()).isEmpty();
    assertThat(config.modules()).isEmpty();
    assertThat(config.params()).isEmpty();
  }

  @Test
  void reads_every_key_with_paths_relative_to_the_file() throws IOException {
    Path file =
        write(
            "project/flowc.yaml",
            """
            store: state/jobs.db
            workers: 6
            classpath: [target/classes, lib/*]
            modules: [com.example.EtlModule]
            params:
              table: analytics.events
              limit: 10
              dry_run: true
            """);
    Path project = file.getParent();

    FlowcConfig config = new ConfigLoader(dir).load(file);

    assertThat(config.file()).isEqualTo(file);
    assertThat(config.store()).isEqualTo(project.resolve("state/jobs.db").toString());
    assertThat(config.workers()).isEqualTo(6);
    assertThat(config.classpath())
        .containsExactly(
            project.resolve("target/classes"),
            Path.of(project.resolve("lib") + File.separator + "*"));
    assertThat(config.modules()).containsExactly("com.example.EtlModule");
    assertThat(config.params())
        .containsExactly(
            Map.entry("table", "analytics.events"),
            Map.entry("limit", "10"),
            Map.entry("dry_run", "true"));
  }

  @Test
  void a_pipeline_finds_the_file_next_to_it_before_one_in_a_parent() throws IOException {
    write("flowc.yaml", "workers: 1\n");
    write("etl/flowc.yaml", "workers: 2\n");
    write("etl/deep/p.flow", "");
    write("etl/p.flow", "");

    ConfigLoader loader = new ConfigLoader(dir.resolve("elsewhere"));

    assertThat(loader.forPipeline(dir.resolve("etl/p.flow")).workers()).isEqualTo(2);
    assertThat(loader.forPipeline(dir.resolve("etl/deep/p.flow")).workers()).isEqualTo(2);
    assertThat(loader.forPipeline(dir.resolve("other.flow")).workers()).isEqualTo(1);
  }

  @Test
  void a_relative_pipeline_path_is_looked_up_from_the_working_directory() throws IOException {
    write("etl/flowc.yaml", "workers: 3\n");

    assertThat(new ConfigLoader(dir).forPipeline(Path.of("etl/p.flow")).workers()).isEqualTo(3);
  }

  @Test
  void commands_without_a_pipeline_look_in_the_working_directory_and_its_parents()
      throws IOException {
    Path file = write("flowc.yaml", "store: jobs.db\n");
    Files.createDirectories(dir.resolve("a/b"));

    FlowcConfig config = new ConfigLoader(dir.resolve("a/b")).forWorkingDirectory();

    assertThat(config.file()).isEqualTo(file);
    assertThat(config.store()).isEqualTo(dir.resolve("jobs.db").toString());
  }

  @Test
  void an_empty_file_gives_the_defaults() throws IOException {
    write("flowc.yaml", "# nothing yet\n");

    FlowcConfig config = new ConfigLoader(dir).forWorkingDirectory();

    assertThat(config.file()).isEqualTo(dir.resolve("flowc.yaml"));
    assertThat(config.workers()).isEqualTo(4);
    assertThat(config.store()).isEqualTo(dir.resolve(".flowc/flowc.db").toString());
  }

  @Test
  void a_postgresql_url_is_kept_as_written() throws IOException {
    write("flowc.yaml", "store: jdbc:postgresql://localhost/flowc\n");

    FlowcConfig config = new ConfigLoader(dir).forWorkingDirectory();

    assertThat(config.storeIsUrl()).isTrue();
    assertThat(config.store()).isEqualTo("jdbc:postgresql://localhost/flowc");
  }

  @Test
  void database_urls_in_every_spelling_are_kept_as_written_never_resolved_as_paths()
      throws IOException {
    for (String url :
        List.of(
            "postgresql://admin:S3cret@db/flowc",
            "postgres://db/flowc",
            "sqlite:jobs.db",
            "file:jobs.db",
            "mysql://db/jobs")) {
      write("flowc.yaml", "store: '" + url + "'\n");

      FlowcConfig config = new ConfigLoader(dir).forWorkingDirectory();

      assertThat(config.storeIsUrl()).as(url).isTrue();
      assertThat(config.store()).isEqualTo(url);
      assertThat(new ConfigLoader(dir).resolveStore(url)).isEqualTo(url);
    }
  }

  @Test
  void the_lock_timeout_is_a_duration_30s_by_default() throws IOException {
    assertThat(new ConfigLoader(dir).forWorkingDirectory().lockTimeout()).hasSeconds(30);

    write("flowc.yaml", "lock_timeout: 2m\n");
    assertThat(new ConfigLoader(dir).forWorkingDirectory().lockTimeout()).hasMinutes(2);

    assertThat(failure("lock_timeout: 30\n").getMessage())
        .isEqualTo(
            "flowc.yaml:1:15: 'lock_timeout' must be a duration such as 30s, 2m or 500ms, not 30");
    assertThat(failure("lock_timeout: soon\n").getMessage())
        .isEqualTo(
            "flowc.yaml:1:15: 'lock_timeout' must be a duration such as 30s, 2m or 500ms, not"
                + " 'soon'");
  }

  @Test
  void the_reconnect_timeout_is_a_duration_30s_by_default() throws IOException {
    assertThat(new ConfigLoader(dir).forWorkingDirectory().reconnectTimeout()).hasSeconds(30);

    write("flowc.yaml", "reconnect_timeout: 500ms\n");
    assertThat(new ConfigLoader(dir).forWorkingDirectory().reconnectTimeout()).hasMillis(500);

    assertThat(failure("reconnect_timeout: 5\n").getMessage())
        .isEqualTo(
            "flowc.yaml:1:20: 'reconnect_timeout' must be a duration such as 30s, 2m or 500ms,"
                + " not 5");
  }

  @Test
  void the_prefetch_is_a_whole_number_of_at_least_0_and_unset_by_default() throws IOException {
    assertThat(new ConfigLoader(dir).forWorkingDirectory().prefetch()).isNull();

    write("flowc.yaml", "prefetch: 0\n");
    assertThat(new ConfigLoader(dir).forWorkingDirectory().prefetch()).isZero();

    assertThat(failure("prefetch: -1\n").getMessage())
        .isEqualTo("flowc.yaml:1:11: 'prefetch' must be a whole number of at least 0, not -1");
  }

  @Test
  void the_password_file_is_relative_to_the_file_and_unset_by_default() throws IOException {
    assertThat(new ConfigLoader(dir).forWorkingDirectory().passwordFile()).isNull();
    write(
        "etl/flowc.yaml",
        "store: jdbc:postgresql://db/flowc?user=etl\npassword_file: secrets/db-password\n");

    FlowcConfig config = new ConfigLoader(dir.resolve("etl")).forWorkingDirectory();

    assertThat(config.passwordFile()).isEqualTo(dir.resolve("etl/secrets/db-password"));
  }

  @Test
  void an_unknown_key_names_its_line_and_the_key_it_resembles() throws IOException {
    UserException e = failure("store: x.db\nmodules: []\nwrokers: 3\n");

    assertThat(e.exitCode()).isEqualTo(2);
    assertThat(e.getMessage())
        .isEqualTo("flowc.yaml:3:1: unknown key 'wrokers' (did you mean 'workers'?)");
  }

  @Test
  void an_unknown_key_like_no_other_lists_the_keys() throws IOException {
    assertThat(failure("colour: red\n").getMessage())
        .isEqualTo(
            "flowc.yaml:1:1: unknown key 'colour' (the keys are store, password_file, workers,"
                + " prefetch, classpath, modules, params, lock_timeout, reconnect_timeout,"
                + " retention)");
  }

  @Test
  void a_value_of_the_wrong_type_names_its_line_and_column() throws IOException {
    assertThat(failure("store: a.db\nworkers: six\n").getMessage())
        .isEqualTo("flowc.yaml:2:10: 'workers' must be a whole number of at least 1, not 'six'");
    assertThat(failure("workers: 0\n").getMessage())
        .isEqualTo("flowc.yaml:1:10: 'workers' must be a whole number of at least 1, not 0");
    assertThat(failure("store: [a, b]\n").getMessage())
        .isEqualTo("flowc.yaml:1:8: 'store' must be a string, not a list");
    assertThat(failure("classpath:\n  - lib\n  - 3\n").getMessage())
        .isEqualTo("flowc.yaml:3:5: each entry of 'classpath' must be a non-empty string, not 3");
    assertThat(failure("params:\n  table: [a]\n").getMessage())
        .isEqualTo(
            "flowc.yaml:2:10: param 'table' must be a string, a number or a boolean, not a list");
    assertThat(failure("params: 3\n").getMessage())
        .isEqualTo("flowc.yaml:1:9: 'params' must be a mapping of param names to values, not 3");
  }

  @Test
  void retention_is_one_age_for_complete_and_cancelled_runs_or_an_age_per_status()
      throws IOException {
    write("flowc.yaml", "retention: 30d\n");
    dev.flowc.runtime.Retention one = new ConfigLoader(dir).forWorkingDirectory().retention();
    write("flowc.yaml", "retention:\n  complete: 7d\n  cancelled: 12h\n  every: 1m\n");
    dev.flowc.runtime.Retention each = new ConfigLoader(dir).forWorkingDirectory().retention();

    assertThat(one.olderThan())
        .isEqualTo(
            java.util.Map.of(
                dev.flowc.runtime.RunStatus.COMPLETE, java.time.Duration.ofDays(30),
                dev.flowc.runtime.RunStatus.CANCELLED, java.time.Duration.ofDays(30)));
    assertThat(one.every()).isEqualTo(java.time.Duration.ofMinutes(5));
    assertThat(each.olderThan())
        .isEqualTo(
            java.util.Map.of(
                dev.flowc.runtime.RunStatus.COMPLETE, java.time.Duration.ofDays(7),
                dev.flowc.runtime.RunStatus.CANCELLED, java.time.Duration.ofHours(12)));
    assertThat(each.every()).isEqualTo(java.time.Duration.ofMinutes(1));
    assertThat(new ConfigLoader(dir.resolve("none")).defaults().retention()).isNull();
  }

  @Test
  void retention_of_failed_runs_or_a_bad_age_is_refused_with_the_reason() throws IOException {
    assertThat(failure("retention:\n  complete: 30d\n  failed: 90d\n").getMessage())
        .isEqualTo(
            "flowc.yaml:3:3: 'retention' cannot name failed runs: they hold dead letters, which"
                + " stay until replayed or removed by 'flowc purge --status failed'");
    assertThat(failure("retention: 30 days\n").getMessage())
        .isEqualTo(
            "flowc.yaml:1:12: 'retention' must be a duration such as 30d, 12h or 90m, not '30"
                + " days'");
    assertThat(failure("retention:\n  compelte: 3d\n").getMessage())
        .isEqualTo("flowc.yaml:2:3: unknown key 'retention.compelte' (did you mean 'complete'?)");
    assertThat(failure("retention:\n  every: 0s\n").getMessage())
        .isEqualTo("flowc.yaml:2:10: 'retention.every' must be longer than 0s");
    assertThat(failure("retention: [30d]\n").getMessage())
        .startsWith("flowc.yaml:1:12: 'retention' must be a duration such as 30d, or a mapping");
  }

  @Test
  void a_key_set_twice_is_an_error() throws IOException {
    assertThat(failure("workers: 2\nworkers: 3\n").getMessage())
        .isEqualTo("flowc.yaml:2:1: 'workers' is set twice");
  }

  @Test
  void a_file_that_is_not_a_mapping_is_an_error() throws IOException {
    assertThat(failure("- store\n").getMessage())
        .isEqualTo(
            "flowc.yaml:1:1: expected settings (store, password_file, workers, prefetch,"
                + " classpath, modules, params, lock_timeout, reconnect_timeout,"
                + " retention), not a list");
  }

  @Test
  void broken_yaml_is_one_line_with_its_position() throws IOException {
    UserException e = failure("store: a.db\nparams: {a: 1\n");

    assertThat(e.exitCode()).isEqualTo(2);
    System.out.println(e.getMessage());
    assertThat(e.getMessage())
        .isEqualTo("flowc.yaml:3:1: invalid YAML: expected ',' or '}', but got <stream end>");
    assertThat(e.getMessage().lines()).hasSize(1);
  }

  @Test
  void a_file_outside_the_working_directory_is_shown_with_its_full_path() throws IOException {
    Path file = write("conf/flowc.yaml", "bogus: 1\n");

    assertThatThrownBy(() -> new ConfigLoader(dir.resolve("work")).load(file))
        .hasMessageStartingWith(file + ":1:1: unknown key 'bogus'");
  }

  @Test
  void command_line_paths_resolve_against_the_working_directory() {
    ConfigLoader loader = new ConfigLoader(dir);

    assertThat(loader.resolveStore("x/jobs.db")).isEqualTo(dir.resolve("x/jobs.db").toString());
    assertThat(loader.resolveStore("jdbc:postgresql://db/flowc"))
        .isEqualTo("jdbc:postgresql://db/flowc");
    assertThat(loader.resolveClasspath("classes" + File.pathSeparator + "lib/*"))
        .containsExactly(
            dir.resolve("classes"), Path.of(dir.resolve("lib") + File.separator + "*"));
  }

  @Test
  void command_line_params_override_configured_ones_by_name() throws IOException {
    write("flowc.yaml", "params:\n  a: from-config\n  b: kept\n");

    FlowcConfig config =
        new ConfigLoader(dir).forWorkingDirectory().withParams(Map.of("a", "from-cli"));

    assertThat(config.params()).containsExactly(Map.entry("a", "from-cli"), Map.entry("b", "kept"));
    assertThat(config.withClasspath(List.of(dir)).classpath()).containsExactly(dir);
  }
}
