package dev.flowc.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The examples of a Markdown page: every {@code ```flow} block, with the {@code ```console} block
 * that follows it (only blank lines between) when there is one. A console block starts with the
 * command, {@code $ flowc check example.flow}, followed by what it prints. The page's {@code
 * ```java} blocks are the handlers its examples use.
 */
record DocExamples(
    Path path, List<Example> examples, List<Block> java, List<String> headings, String text) {

  /** A fenced code block: its language, its text, and the line of its opening fence. */
  record Block(String language, String text, int line) {}

  /**
   * A {@code ```flow} block, the console block that shows what flowc makes of it (or {@code null}),
   * and the heading of the section it is in.
   */
  record Example(Block flow, Block console, String heading) {
    /** The diagnostic code of the section, such as {@code FLOW201}, or {@code null}. */
    String sectionCode() {
      Matcher matcher = CODE_HEADING.matcher(heading);
      return matcher.matches() ? matcher.group(1) : null;
    }

    @Override
    public String toString() {
      return "line %d (%s)".formatted(flow.line(), heading);
    }
  }

  static final Pattern CODE_HEADING = Pattern.compile("### (FLOW\\d{3}) .*");
  private static final String FENCE = "```";

  /**
   * Reads {@code path}.
   *
   * @throws IllegalStateException when a fence is not closed, or a console block with a flowc
   *     command does not follow a flow block
   */
  static DocExamples read(Path path) throws IOException {
    List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    List<Example> examples = new ArrayList<>();
    List<Block> java = new ArrayList<>();
    List<String> headings = new ArrayList<>();
    String heading = "";
    Block pendingFlow = null;
    String pendingHeading = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("#")) {
        heading = line;
        headings.add(line);
      }
      if (!line.startsWith(FENCE)) {
        if (pendingFlow != null && !line.isBlank()) {
          examples.add(new Example(pendingFlow, null, pendingHeading));
          pendingFlow = null;
        }
        continue;
      }
      int close = i + 1;
      while (close < lines.size() && !lines.get(close).equals(FENCE)) {
        close++;
      }
      if (close == lines.size()) {
        throw new IllegalStateException(
            "%s:%d: the code block is never closed".formatted(path, i + 1));
      }
      Block block =
          new Block(
              line.substring(FENCE.length()).strip(),
              String.join("\n", lines.subList(i + 1, close)) + "\n",
              i + 1);
      if (block.language().equals("java")) {
        java.add(block);
      }
      if (block.language().equals("flow")) {
        if (pendingFlow != null) {
          examples.add(new Example(pendingFlow, null, pendingHeading));
        }
        pendingFlow = block;
        pendingHeading = heading;
      } else if (block.language().equals("console") && block.text().startsWith("$ flowc ")) {
        if (pendingFlow == null) {
          throw new IllegalStateException(
              "%s:%d: a flowc command must follow the ```flow block it runs on"
                  .formatted(path, i + 1));
        }
        examples.add(new Example(pendingFlow, block, pendingHeading));
        pendingFlow = null;
      } else if (pendingFlow != null) {
        examples.add(new Example(pendingFlow, null, pendingHeading));
        pendingFlow = null;
      }
      i = close;
    }
    if (pendingFlow != null) {
      examples.add(new Example(pendingFlow, null, pendingHeading));
    }
    return new DocExamples(
        path,
        List.copyOf(examples),
        List.copyOf(java),
        List.copyOf(headings),
        String.join("\n", lines));
  }

  /**
   * The anchor GitHub gives a heading: {@code ### FLOW205 self-dependency} is {@code
   * flow205-self-dependency}.
   */
  static String anchor(String heading) {
    return heading
        .replaceFirst("^#+ ", "")
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9 _-]", "")
        .replace(' ', '-');
  }
}
