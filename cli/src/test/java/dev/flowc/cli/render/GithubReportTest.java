package dev.flowc.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.compiler.source.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class GithubReportTest {
  @Test
  void one_workflow_command_per_diagnostic_with_its_position_and_code() {
    String text = Reports.render(new GithubReport(), Reports.checked("etl/b.flow", Reports.BROKEN));

    assertThat(text)
        .isEqualTo(
            """
            ::warning file=etl/b.flow,line=2,col=9,endLine=2,endColumn=14,title=FLOW402::queue \
            'spare' is declared but no stage uses it%0Ahelp: set 'queue spare' in a stage or in \
            'defaults', or remove it
            ::error file=etl/b.flow,line=4,col=20,endLine=4,endColumn=31,title=FLOW201::unknown \
            stage 'normalise_a'%0Ahelp: did you mean 'normalize_a'?
            ::error file=etl/b.flow,line=5,col=9,endLine=5,endColumn=13,title=FLOW101::duplicate \
            stage 'load'%0Anote: first declared here (4:9)
            """);
  }

  @Test
  void data_escapes_percent_cr_and_lf() {
    assertThat(GithubReport.data("100% done\r\nnext")).isEqualTo("100%25 done%0D%0Anext");
  }

  @Test
  void properties_also_escape_colon_and_comma() {
    assertThat(GithubReport.property("C:/a,b%\n.flow")).isEqualTo("C%3A/a%2Cb%25%0A.flow");
  }

  @Test
  void a_path_with_colon_and_comma_is_escaped_in_the_file_property() {
    SourceFile source = SourceFile.of("a:b,c.flow", "pipeline p {}");
    Diagnostic diagnostic =
        Diagnostic.of(DiagnosticCode.FLOW403, Span.of(1, 10, 1), "pipeline 'p' has no stages");

    String text = Reports.render(new GithubReport(), new FileReport(source, List.of(diagnostic)));

    assertThat(text)
        .isEqualTo(
            "::warning file=a%3Ab%2Cc.flow,line=1,col=10,endLine=1,endColumn=11,title=FLOW403::"
                + "pipeline 'p' has no stages\n");
  }
}
