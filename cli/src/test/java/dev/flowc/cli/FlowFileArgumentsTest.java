package dev.flowc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.cli.FlowFileArguments.Expansion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowFileArgumentsTest {
  @TempDir Path work;

  @BeforeEach
  void aRepository() throws IOException {
    for (String file :
        List.of(
            "pipelines/etl.flow",
            "pipelines/daily/report.flow",
            "pipelines/daily/notes.md",
            "pipelines/.flowc/cache.flow",
            "other/a.flow",
            "other/b.flow",
            "docs/readme.md")) {
      Path path = work.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, "");
    }
  }

  @Test
  void a_directory_means_every_flow_file_below_it_sorted_skipping_hidden_directories() {
    Expansion expansion = expand("pipelines");

    assertThat(expansion.files())
        .containsExactly(Path.of("pipelines/daily/report.flow"), Path.of("pipelines/etl.flow"));
    assertThat(expansion.problems()).isEmpty();
  }

  @Test
  void a_double_star_glob_matches_at_any_depth_including_none() {
    Expansion expansion = expand("pipelines/**/*.flow");

    assertThat(expansion.files())
        .containsExactly(Path.of("pipelines/daily/report.flow"), Path.of("pipelines/etl.flow"));
  }

  @Test
  void a_single_star_stays_in_its_directory() {
    assertThat(expand("pipelines/*.flow").files()).containsExactly(Path.of("pipelines/etl.flow"));
    assertThat(expand("*/*.flow").files())
        .containsExactly(
            Path.of("other/a.flow"), Path.of("other/b.flow"), Path.of("pipelines/etl.flow"));
  }

  @Test
  void a_glob_from_the_working_directory_names_files_without_a_dot_prefix() {
    assertThat(expand("**/*.flow").files())
        .containsExactly(
            Path.of("other/a.flow"),
            Path.of("other/b.flow"),
            Path.of("pipelines/daily/report.flow"),
            Path.of("pipelines/etl.flow"));
  }

  @Test
  void question_marks_classes_and_alternatives_match_as_in_a_shell() {
    assertThat(expand("other/?.flow").files()).hasSize(2);
    assertThat(expand("other/[a].flow").files()).containsExactly(Path.of("other/a.flow"));
    assertThat(expand("other/[!a].flow").files()).containsExactly(Path.of("other/b.flow"));
    assertThat(expand("{other,pipelines}/e*.flow").files())
        .containsExactly(Path.of("pipelines/etl.flow"));
  }

  @Test
  void an_absolute_glob_names_absolute_files() {
    Expansion expansion = expand(work.resolve("other") + "/*.flow");

    assertThat(expansion.files())
        .containsExactly(work.resolve("other/a.flow"), work.resolve("other/b.flow"));
  }

  @Test
  void files_named_twice_are_checked_once_in_the_order_first_named() {
    Expansion expansion = expand("other/b.flow", "other", "other/*.flow");

    assertThat(expansion.files()).containsExactly(Path.of("other/b.flow"), Path.of("other/a.flow"));
  }

  @Test
  void a_file_is_taken_as_it_is_whatever_its_name_and_a_missing_one_is_left_to_reading() {
    Expansion expansion = expand("docs/readme.md", "missing.flow");

    assertThat(expansion.files())
        .containsExactly(Path.of("docs/readme.md"), Path.of("missing.flow"));
    assertThat(expansion.problems()).isEmpty();
  }

  @Test
  void a_directory_without_flow_files_is_one_problem_and_the_rest_is_still_expanded() {
    Expansion expansion = expand("docs", "other/a.flow");

    assertThat(expansion.problems()).containsExactly("no .flow file in directory 'docs'");
    assertThat(expansion.files()).containsExactly(Path.of("other/a.flow"));
  }

  @Test
  void a_glob_that_matches_nothing_is_one_problem() {
    assertThat(expand("nowhere/**/*.flow").problems())
        .containsExactly("no file matches 'nowhere/**/*.flow'");
    assertThat(expand("pipelines/*.yaml").problems())
        .containsExactly("no file matches 'pipelines/*.yaml'");
  }

  @Test
  void an_unclosed_brace_is_not_a_valid_glob() {
    assertThat(expand("other/{a,b.flow").problems())
        .containsExactly("'other/{a,b.flow' is not a valid glob: a '{' is not closed");
  }

  @Test
  void a_file_whose_name_looks_like_a_glob_is_that_file() throws IOException {
    Files.writeString(work.resolve("odd[1].flow"), "");

    assertThat(expand("odd[1].flow").files()).containsExactly(Path.of("odd[1].flow"));
  }

  private Expansion expand(String... arguments) {
    return FlowFileArguments.expand(List.of(arguments), work);
  }
}
