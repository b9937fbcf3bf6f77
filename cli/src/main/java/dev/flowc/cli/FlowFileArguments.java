package dev.flowc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pipeline files that {@code flowc check}'s arguments name: a file as it is, a directory as
 * every {@code .flow} file below it, and a glob ({@code 'pipelines/**}{@code /*.flow'}, quoted so
 * that flowc, not the shell, expands it) as every file it matches. CI passes directories and globs
 * so that a new pipeline file is checked without editing the CI configuration.
 */
final class FlowFileArguments {
  /**
   * The files to check, in the order the arguments name them (a directory's and a glob's sorted by
   * path), each once; and one message per argument that names no file.
   */
  record Expansion(List<Path> files, List<String> problems) {
    Expansion {
      files = List.copyOf(files);
      problems = List.copyOf(problems);
    }
  }

  private static final String EXTENSION = ".flow";

  private FlowFileArguments() {}

  /**
   * Expands {@code arguments}, which are relative to {@code workingDirectory}; the files keep the
   * form the user wrote (relative stays relative), so that messages name them the same way.
   */
  static Expansion expand(List<String> arguments, Path workingDirectory) {
    Set<Path> files = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (String argument : arguments) {
      Path written = Path.of(argument.isEmpty() ? "." : argument);
      Path where = workingDirectory.resolve(written);
      if (Files.isDirectory(where)) {
        int before = problems.size();
        List<Path> found = walk(written, where, path -> path.endsWith(EXTENSION), problems);
        if (found.isEmpty() && problems.size() == before) {
          problems.add("no .flow file in directory '%s'".formatted(shown(argument)));
        }
        files.addAll(found);
      } else if (!Files.exists(where) && isGlob(argument)) {
        files.addAll(glob(argument, workingDirectory, problems));
      } else {
        // A file, or a path that does not exist: reading it says what is wrong.
        files.add(written);
      }
    }
    return new Expansion(new ArrayList<>(files), problems);
  }

  /** Whether {@code argument} has a glob's special characters (which the shell left alone). */
  static boolean isGlob(String argument) {
    return argument.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  private static List<Path> glob(String glob, Path workingDirectory, List<String> problems) {
    String pattern = glob.replace('\\', '/');
    // The directory to walk: the segments before the first one with a special character.
    String[] segments = pattern.split("/", -1);
    int literal = 0;
    while (literal < segments.length - 1 && !isGlob(segments[literal])) {
      literal++;
    }
    String base = String.join("/", List.of(segments).subList(0, literal));
    if (pattern.startsWith("/") && base.isEmpty()) {
      base = "/";
    }
    String rest = String.join("/", List.of(segments).subList(literal, segments.length));
    Pattern matcher;
    try {
      matcher = globRegex(rest);
    } catch (IllegalArgumentException e) {
      problems.add("'%s' is not a valid glob: %s".formatted(glob, e.getMessage()));
      return List.of();
    }
    Path written = Path.of(base.isEmpty() ? "" : base);
    Path where = workingDirectory.resolve(written);
    int before = problems.size();
    List<Path> found =
        Files.isDirectory(where)
            ? walk(written, where, relative -> matcher.matcher(relative).matches(), problems)
            : List.of();
    if (found.isEmpty() && problems.size() == before) {
      problems.add("no file matches '%s'".formatted(glob));
    }
    return found;
  }

  /**
   * The regular files below {@code where} whose path relative to it ({@code /}-separated) {@code
   * accepts}, as {@code written} resolved with that path, sorted. Hidden directories ({@code .git},
   * {@code .flowc}) below it are skipped; symbolic links to directories are not followed.
   */
  private static List<Path> walk(
      Path written,
      Path where,
      java.util.function.Predicate<String> accepts,
      List<String> problems) {
    try (Stream<Path> paths = Files.walk(where)) {
      return paths
          .filter(Files::isRegularFile)
          .map(where::relativize)
          .filter(relative -> !inHiddenDirectory(relative))
          .map(relative -> relative.toString().replace('\\', '/'))
          .filter(accepts)
          .sorted()
          .map(
              relative ->
                  written.toString().isEmpty() ? Path.of(relative) : written.resolve(relative))
          .toList();
    } catch (IOException | UncheckedIOException e) {
      IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      problems.add(
          "cannot read directory '%s': %s"
              .formatted(shown(written.toString()), IoMessages.reason(cause)));
      return List.of();
    }
  }

  private static boolean inHiddenDirectory(Path relative) {
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      if (relative.getName(i).toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A glob as a regular expression over {@code /}-separated relative paths: {@code *} and {@code ?}
   * stay within a directory, {@code **} crosses directories and {@code **}{@code /} matches zero or
   * more of them (as in .gitignore, and unlike Java's glob, where {@code a/**}{@code /*.flow}
   * misses {@code a/x.flow}), {@code [abc]} is a character class and {@code {a,b}} alternatives.
   *
   * @throws IllegalArgumentException when a brace is not closed
   */
  static Pattern globRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    int braces = 0;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
            i++;
            if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
              i++;
              regex.append("(?:.*/)?");
            } else {
              regex.append(".*");
            }
          } else {
            regex.append("[^/]*");
          }
        }
        case '?' -> regex.append("[^/]");
        case '[' -> {
          int end = glob.indexOf(']', i + 1);
          if (end < 0) {
            regex.append("\\[");
          } else {
            String set = glob.substring(i + 1, end);
            if (set.startsWith("!")) {
              set = "^" + set.substring(1);
            }
            regex.append('[').append(set.replace("\\", "\\\\")).append(']');
            i = end;
          }
        }
        case '{' -> {
          braces++;
          regex.append("(?:");
        }
        case '}' -> {
          if (braces > 0) {
            braces--;
            regex.append(')');
          } else {
            regex.append("\\}");
          }
        }
        case ',' -> regex.append(braces > 0 ? "|" : ",");
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    if (braces > 0) {
      throw new IllegalArgumentException("a '{' is not closed");
    }
    return Pattern.compile(regex.toString());
  }

  private static String shown(String argument) {
    return argument.replace('\\', '/');
  }
}
