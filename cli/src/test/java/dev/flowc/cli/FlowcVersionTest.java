package dev.flowc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class FlowcVersionTest {
  @Test
  void a_build_from_a_checkout_names_its_abbreviated_commit() {
    assertThat(FlowcVersion.commit(built("420fc10", "false"))).isEqualTo("420fc10");
  }

  @Test
  void a_build_from_a_modified_checkout_says_so() {
    assertThat(FlowcVersion.commit(built("420fc10", "true")))
        .isEqualTo("420fc10 with local changes");
  }

  @Test
  void a_build_from_sources_without_git_says_unknown() {
    assertThat(FlowcVersion.commit(built("unknown", "false"))).isEqualTo("unknown");
  }

  @Test
  void resources_the_build_did_not_fill_in_say_unknown() {
    assertThat(FlowcVersion.commit(built("${git.commit.id.abbrev}", "${git.dirty}")))
        .isEqualTo("unknown");
    assertThat(FlowcVersion.commit(new Properties())).isEqualTo("unknown");
  }

  private static Properties built(String commit, String dirty) {
    Properties properties = new Properties();
    properties.setProperty("version", "0.1.0-SNAPSHOT");
    properties.setProperty("commit", commit);
    properties.setProperty("dirty", dirty);
    return properties;
  }
}
