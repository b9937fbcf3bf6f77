package dev.flowc.cli.init;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where this flowc is installed, and the Maven repository its distribution carries: {@code
 * HOME/maven}, holding {@code dev.flowc:flowc-bom}, {@code flowc-runtime}, {@code flowc-compiler}
 * and what they need, so that a project made by {@code flowc init handlers} builds with nothing
 * else downloaded from flowc.
 */
final class FlowcHome {
  /** The system property {@code bin/flowc} sets to the distribution's root. */
  static final String PROPERTY = "flowc.home";

  private FlowcHome() {}

  /**
   * The distribution's Maven repository with this version's runtime in it: under {@code
   * flowc.home}, else above the directory of the jar this class is in ({@code HOME/lib/flowc.jar});
   * empty when there is none (flowc run from its sources).
   */
  static Optional<Path> mavenRepository(String version) {
    Optional<Path> home =
        Optional.ofNullable(System.getProperty(PROPERTY))
            .filter(value -> !value.isBlank())
            .map(Path::of)
            .or(FlowcHome::aboveTheJar);
    return home.map(dir -> dir.toAbsolutePath().normalize().resolve("maven"))
        .filter(repository -> holdsRuntime(repository, version));
  }

  static boolean holdsRuntime(Path repository, String version) {
    return Files.isRegularFile(
        repository.resolve(
            "dev/flowc/flowc-runtime/%s/flowc-runtime-%s.pom".formatted(version, version)));
  }

  private static Optional<Path> aboveTheJar() {
    try {
      Path location =
          Path.of(FlowcHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(location) || location.getParent() == null) {
        return Optional.empty();
      }
      return Optional.ofNullable(location.getParent().getParent());
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
