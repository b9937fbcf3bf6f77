package dev.flowc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code $ flowc ...} line of the docs, run through {@link Main} on the example's text saved
 * under the file name the line uses. What the command prints is returned as the docs show it:
 * stderr (diagnostics) then stdout, with the temporary directory taken out of paths.
 */
final class FlowcTranscript {
  private final List<String> args;
  private final String file;

  /**
   * @param commandLine {@code $ flowc check example.flow} and the like
   */
  FlowcTranscript(String commandLine) {
    List<String> words = Arrays.asList(commandLine.strip().split(" +"));
    if (words.size() < 3 || !words.get(0).equals("$") || !words.get(1).equals("flowc")) {
      throw new IllegalArgumentException("not a flowc command: " + commandLine);
    }
    args = words.subList(2, words.size());
    file =
        args.stream()
            .filter(w -> w.endsWith(".flow"))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no .flow file in: " + commandLine));
  }

  /** Runs the command with {@code text} as its file, in {@code dir}; returns what it prints. */
  String run(String text, Path dir) throws IOException {
    Path path = dir.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text, StandardCharsets.UTF_8);
    String[] argv =
        args.stream().map(a -> a.equals(file) ? path.toString() : a).toArray(String[]::new);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Main.run(argv, new PrintWriter(out), new PrintWriter(err));
    return (err.toString() + out).replace(dir + "/", "");
  }

  /** The file the command reads. */
  String file() {
    return file;
  }
}
