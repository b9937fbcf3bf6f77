package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.cli.FlowcProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps docs/cli.md true: every {@code ```flow} block that starts with {@code # NAME} is written to
 * a file of that name, every {@code ```java} block is compiled into {@code handlers/}, every {@code
 * $ flowc ...} line of a {@code ```console} block is run with the packaged jar, and what it prints
 * (stderr, then stdout) must be the lines that follow it.
 */
class CliDocExamplesIT {
  private static final String FENCE = "```";

  /** A fenced block: its language, its lines, and the line of its opening fence. */
  record Block(String language, List<String> lines, int line) {}

  /** A command of a console block and the lines it must print. */
  record Command(String line, List<String> output, int at) {}

  @TempDir static Path dir;

  private static List<Block> blocks;

  @BeforeAll
  static void readDocs() throws IOException {
    Path docs = findDocs();
    blocks = blocks(Files.readAllLines(docs, UTF_8));
    List<String> java = new ArrayList<>();
    for (Block block : blocks) {
      if (block.language().equals("flow") && block.lines().get(0).startsWith("# ")) {
        String name = block.lines().get(0).substring(2).strip();
        Files.writeString(dir.resolve(name), String.join("\n", block.lines()) + "\n", UTF_8);
      }
      if (block.language().equals("java")) {
        java.add(String.join("\n", block.lines()) + "\n");
      }
    }
    JavaClasses.compile(dir.resolve("handlers"), java);
  }

  @Test
  void every_console_example_is_what_flowc_prints() throws Exception {
    FlowcProcess flowc = new FlowcProcess(dir);
    List<Command> commands = new ArrayList<>();
    for (Block block : blocks) {
      if (block.language().equals("console")) {
        commands.addAll(commands(block));
      }
    }
    assertThat(commands).hasSizeGreaterThanOrEqualTo(10);
    for (Command command : commands) {
      String[] args = command.line().substring("$ flowc ".length()).split(" +");

      Result result = flowc.run(args);

      String expected =
          command.output().isEmpty() ? "" : String.join("\n", command.output()) + "\n";
      assertThat(result.err() + result.out())
          .as("docs/cli.md:%d: %s", command.at(), command.line())
          .isEqualTo(expected);
    }
  }

  @Test
  void the_sarif_excerpt_is_a_shortened_copy_of_the_real_output() throws Exception {
    Block excerpt =
        blocks.stream()
            .filter(b -> b.language().equals("text") && b.lines().get(0).equals("{"))
            .filter(b -> b.lines().contains("  \"version\": \"2.1.0\","))
            .findFirst()
            .orElseThrow();
    List<String> shown = excerpt.lines().stream().filter(line -> !line.contains("...")).toList();

    Result result = new FlowcProcess(dir).run("check", "--format", "sarif", "etl.flow");

    assertThat(result.out().lines().toList())
        .as("docs/cli.md:%d", excerpt.line())
        .containsSubsequence(shown);
  }

  private static List<Command> commands(Block block) {
    List<Command> commands = new ArrayList<>();
    List<String> lines = block.lines();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).startsWith("$ flowc ")) {
        continue;
      }
      int end = i + 1;
      while (end < lines.size() && !lines.get(end).startsWith("$ ")) {
        end++;
      }
      commands.add(new Command(lines.get(i), lines.subList(i + 1, end), block.line() + 1 + i));
      i = end - 1;
    }
    return commands;
  }

  private static List<Block> blocks(List<String> lines) {
    List<Block> result = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).startsWith(FENCE)) {
        continue;
      }
      int close = i + 1;
      while (close < lines.size() && !lines.get(close).equals(FENCE)) {
        close++;
      }
      assertThat(close)
          .as("docs/cli.md:%d: a block is never closed", i + 1)
          .isLessThan(lines.size());
      result.add(
          new Block(
              lines.get(i).substring(FENCE.length()).strip(),
              List.copyOf(lines.subList(i + 1, close)),
              i + 1));
      i = close;
    }
    return result;
  }

  /** docs/cli.md of this checkout, found from the module's directory upwards. */
  private static Path findDocs() {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      Path docs = at.resolve("docs/cli.md");
      if (Files.isRegularFile(docs)) {
        return docs;
      }
    }
    throw new AssertionError("docs/cli.md not found above " + Path.of("").toAbsolutePath());
  }
}
