package dev.flowc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.flowc.compiler.CompileResult;
import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code docs/language.md} true. Every {@code ```flow} block of the page is a whole file:
 * when a {@code ```console} block follows it, the flowc command on the console block's first line
 * must print exactly the rest of the block; otherwise the file must check without a diagnostic.
 * Every diagnostic code has a section, {@code ### FLOW201 unknown stage}, whose examples report
 * that code first. The page's {@code ```java} blocks are compiled into {@code handlers/}, for the
 * examples of {@code flowc check -cp handlers}.
 *
 * <p>To update an example after a deliberate change of a message, run its command with {@code
 * ./flowc} on the flow block and paste the output.
 */
class LanguageDocExamplesTest {
  private static final Pattern HEADER =
      Pattern.compile("(\\S+):(\\d+):(\\d+): (error|warning)\\[(FLOW\\d{3})]: (.*)");

  private static DocExamples doc;

  @TempDir static Path dir;

  @BeforeAll
  static void readDoc() throws IOException {
    // Surefire runs in the module's directory; the docs are beside the modules.
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path path = base.resolve("../docs/language.md").normalize();
    if (!Files.isRegularFile(path)) {
      fail(
          "the language reference %s is missing: it documents every diagnostic code, and this"
              + " test keeps its examples true",
          path);
    }
    doc = DocExamples.read(path);
    JavaClasses.compile(
        dir.resolve("handlers"), doc.java().stream().map(DocExamples.Block::text).toList());
  }

  @TestFactory
  Stream<DynamicTest> every_example_prints_what_the_doc_shows() {
    assertThat(doc.examples()).as("examples in %s", doc.path()).isNotEmpty();
    return doc.examples().stream()
        .map(example -> DynamicTest.dynamicTest(example.toString(), () -> verify(example)));
  }

  @Test
  void every_diagnostic_code_has_a_section_whose_examples_report_it() {
    for (DiagnosticCode code : DiagnosticCode.values()) {
      String anchor = sectionAnchor(code);
      List<String> sections =
          doc.headings().stream()
              .filter(h -> h.startsWith("### ") && DocExamples.anchor(h).equals(anchor))
              .toList();
      assertThat(sections)
          .as(
              "%s has one section in %s, headed '### %s %s' (anchor #%s)",
              code, doc.path(), code.name(), code.slug(), anchor)
          .hasSize(1);
      assertThat(doc.examples())
          .as("the section '%s' has an example with its flowc output", sections.get(0))
          .anyMatch(e -> e.heading().equals(sections.get(0)) && e.console() != null);
    }
  }

  @Test
  void every_code_section_is_for_a_code_that_exists() {
    for (String heading : doc.headings()) {
      Matcher matcher = DocExamples.CODE_HEADING.matcher(heading);
      if (matcher.matches()) {
        DiagnosticCode code = DiagnosticCode.valueOf(matcher.group(1));
        assertThat(DocExamples.anchor(heading))
            .as("the heading '%s' names %s by its slug '%s'", heading, code, code.slug())
            .isEqualTo(sectionAnchor(code));
      }
    }
  }

  @Test
  void every_link_to_a_section_of_the_page_finds_it() {
    List<String> anchors = doc.headings().stream().map(DocExamples::anchor).toList();
    Matcher link = Pattern.compile("]\\(#([^)]+)\\)").matcher(doc.text());
    while (link.find()) {
      assertThat(anchors).as("the target of link #%s", link.group(1)).contains(link.group(1));
    }
  }

  /** {@code flow201-unknown-stage}: stable, so that tools can link to a code's section. */
  private static String sectionAnchor(DiagnosticCode code) {
    return code.name().toLowerCase(Locale.ROOT) + "-" + code.slug();
  }

  @Test
  void the_complete_example_checks_and_compiles_without_a_diagnostic() {
    DocExamples.Example etl =
        doc.examples().stream()
            .filter(e -> e.heading().equals("## A complete example"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no flow block under '## A complete example'"));
    assertThat(etl.flow().text()).contains("pipeline etl {");
    SourceFile source = SourceFile.of("pipeline.flow", etl.flow().text());

    assertThat(FlowCompiler.check(source).diagnostics()).isEmpty();
    CompileResult compiled = FlowCompiler.compile(source, Map.of());
    assertThat(compiled.diagnostics()).isEmpty();
    assertThat(compiled.plan()).isPresent();
    assertThat(compiled.plan().get().jobs())
        .extracting(job -> job.stage())
        .containsExactly("extract_api", "extract_csv", "normalize_a", "normalize_b", "load");
  }

  private static void verify(DocExamples.Example example) throws IOException {
    String where = "%s:%d".formatted(doc.path().getFileName(), example.flow().line());
    if (example.console() == null) {
      String printed =
          new FlowcTranscript("$ flowc check example.flow").run(example.flow().text(), dir);
      assertThat(printed.strip())
          .as("%s: a flow block without output must check clean", where)
          .isEqualTo("0 errors, 0 warnings in 1 file");
      return;
    }
    String console = example.console().text();
    int newline = console.indexOf('\n');
    String command = console.substring(0, newline);
    String expected = console.substring(newline + 1).stripTrailing();
    String actual = new FlowcTranscript(command).run(example.flow().text(), dir).stripTrailing();

    Matcher header = HEADER.matcher(expected.lines().findFirst().orElse(""));
    if (header.matches()) {
      assertThat(actual.lines().findFirst().orElse(""))
          .as(
              "%s: the first diagnostic of '%s' (position, severity, code, message)",
              where, command)
          .isEqualTo(header.group());
      String sectionCode = example.sectionCode();
      if (sectionCode != null) {
        assertThat(header.group(5))
            .as("%s: an example in section %s reports that code first", where, sectionCode)
            .isEqualTo(sectionCode);
      }
    } else {
      assertThat(example.sectionCode())
          .as("%s: an example in a code's section shows the diagnostic", where)
          .isNull();
    }
    assertThat(actual).as("%s: what '%s' prints", where, command).isEqualTo(expected);
  }
}
