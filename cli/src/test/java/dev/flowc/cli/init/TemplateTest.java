package dev.flowc.cli.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class TemplateTest {
  @Test
  void the_pinned_versions_are_the_ones_flowcs_own_build_uses() throws Exception {
    // The working directory of the tests is cli/; flowc's parent pom is beside it.
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("..", "pom.xml").toFile());
    Map<String, String> plugins = new LinkedHashMap<>();
    NodeList nodes = pom.getElementsByTagName("plugin");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element plugin = (Element) nodes.item(i);
      NodeList versions = plugin.getElementsByTagName("version");
      if (versions.getLength() > 0) {
        plugins.put(
            plugin.getElementsByTagName("artifactId").item(0).getTextContent(),
            versions.item(0).getTextContent());
      }
    }
    String junit = pom.getElementsByTagName("junit.version").item(0).getTextContent();

    Map<String, String> pinned = Template.buildVersions();

    assertThat(pinned.get("junitVersion")).isEqualTo(junit);
    assertThat(pinned)
        .containsEntry("cleanPluginVersion", plugins.get("maven-clean-plugin"))
        .containsEntry("resourcesPluginVersion", plugins.get("maven-resources-plugin"))
        .containsEntry("compilerPluginVersion", plugins.get("maven-compiler-plugin"))
        .containsEntry("surefirePluginVersion", plugins.get("maven-surefire-plugin"))
        .containsEntry("jarPluginVersion", plugins.get("maven-jar-plugin"))
        .containsEntry("installPluginVersion", plugins.get("maven-install-plugin"))
        .containsEntry("shadePluginVersion", plugins.get("maven-shade-plugin"))
        .hasSize(8);
  }

  @Test
  void placeholders_are_filled_and_a_missing_value_is_a_bug_not_a_blank() {
    assertThat(
            Template.render(
                "handlers/services.tmpl", Map.of("package", "com.x", "moduleClass", "XModule")))
        .isEqualTo("com.x.XModule\n");
    assertThatThrownBy(() -> Template.render("handlers/services.tmpl", Map.of("package", "com.x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("{{moduleClass}}");
  }

  @Test
  void dollar_signs_of_the_templates_reach_the_files_unfiltered() {
    assertThat(
            Template.render(
                "handlers/flowc.yaml.tmpl",
                Map.of("artifactId", "a", "package", "p", "moduleClass", "M")))
        .contains("${env:FLOWC_DB:-.flowc/flowc.db}");
  }
}
