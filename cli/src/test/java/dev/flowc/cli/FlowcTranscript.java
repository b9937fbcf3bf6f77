package dev.flowc.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code $ flowc ...} line of the docs, run through {@link Main} on the example's text saved
 * under the file name the line uses. What the command prints is returned as the docs show it:
 * stderr (diagnostics) then stdout, with the temporary directory taken out of paths. The entries of
 * a {@code -cp}/{@code --classpath} are in that directory too, as if flowc ran there.
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
    String[] argv = new String[args.size()];
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      boolean classpath = i > 0 && List.of("-cp", "--classpath").contains(args.get(i - 1));
      argv[i] = arg.equals(file) ? path.toString() : classpath ? inDirectory(arg, dir) : arg;
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Main.run(argv, new PrintWriter(out), new PrintWriter(err));
    return (err.toString() + out).replace(dir + "/", "");
  }

  private static String inDirectory(String classpath, Path dir) {
    List<String> entries = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      entries.add(dir.resolve(entry).toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  /** The file the command reads. */
  String file() {
    return file;
  }
}
