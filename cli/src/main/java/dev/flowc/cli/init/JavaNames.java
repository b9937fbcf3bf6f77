package dev.flowc.cli.init;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.SourceVersion;

/** The Java and Maven names a handler project is made with. */
final class JavaNames {
  private static final Set<String> RESERVED = Set.of("java", "javax");

  private JavaNames() {}

  /**
   * Why {@code name} cannot be the project's package, or empty when it can: dot-separated Java
   * identifiers, none a keyword, at least two of them (a one-word package clashes too easily), not
   * in {@code java.*}.
   */
  static Optional<String> packageProblem(String name) {
    if (name.isEmpty()) {
      return Optional.of("a package name must not be empty");
    }
    String[] segments = name.split("\\.", -1);
    for (String segment : segments) {
      if (segment.isEmpty()) {
        return Optional.of("'%s' has an empty part between dots".formatted(name));
      }
      if (SourceVersion.isKeyword(segment, SourceVersion.RELEASE_17)) {
        return Optional.of("'%s' is a Java keyword, not a package name part".formatted(segment));
      }
      if (!SourceVersion.isIdentifier(segment) || !segment.chars().allMatch(c -> c < 128)) {
        return Optional.of(
            "'%s' is not a Java identifier (letters, digits and '_', not starting with a digit)"
                .formatted(segment));
      }
    }
    if (segments.length < 2) {
      return Optional.of("give at least two parts, such as com.example.%s".formatted(name));
    }
    if (RESERVED.contains(segments[0])) {
      return Optional.of("packages under '%s.' belong to the JDK".formatted(segments[0]));
    }
    return Optional.empty();
  }

  /** The package when none is given: {@code com.example.} and the directory's name in letters. */
  static String defaultPackage(String directoryName) {
    String word = directoryName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (word.isEmpty()
        || !Character.isLetter(word.charAt(0))
        || SourceVersion.isKeyword(word, SourceVersion.RELEASE_17)) {
      word = "handlers";
    }
    return "com.example." + word;
  }

  /** A Maven artifact id from the directory's name: lower case, letters, digits, {@code .-_}. */
  static String artifactId(String directoryName) {
    String id =
        directoryName
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9._-]+", "-")
            .replaceAll("^[-._]+|[-._]+$", "");
    return id.isEmpty() ? "handlers" : id;
  }

  /** {@code etl} as a class name prefix: {@code Etl}; {@code my_jobs}: {@code MyJobs}. */
  static String className(String packageSegment) {
    StringBuilder name = new StringBuilder();
    for (String word : packageSegment.split("[_$]+")) {
      if (!word.isEmpty()) {
        name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    String candidate = name.toString();
    return candidate.isEmpty() || !Character.isLetter(candidate.charAt(0)) ? "Handlers" : candidate;
  }

  /** A {@code .flow} identifier from a word: anything else than letters, digits, {@code _}. */
  static String flowIdentifier(String word) {
    String id = word.replaceAll("[^A-Za-z0-9_]", "_");
    return id.isEmpty() || Character.isDigit(id.charAt(0)) ? "p_" + id : id;
  }
}
