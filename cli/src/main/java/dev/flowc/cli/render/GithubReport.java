package dev.flowc.cli.render;

import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.Note;
import java.io.PrintWriter;
import java.util.List;

/**
 * GitHub Actions workflow commands, one per diagnostic: {@code ::error
 * file=PATH,line=L,col=C,endLine=L,endColumn=C,title=FLOW201::message}. Notes follow the message on
 * lines of their own.
 */
final class GithubReport implements DiagnosticReport {
  @Override
  public void write(List<FileReport> files, PrintWriter out) {
    for (FileReport file : files) {
      for (Diagnostic d : file.diagnostics()) {
        StringBuilder message = new StringBuilder(d.message());
        for (Note note : d.notes()) {
          message.append('\n').append(note);
        }
        out.println(
            "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s"
                .formatted(
                    d.severity().id(),
                    property(file.source().path()),
                    d.span().line(),
                    d.span().column(),
                    d.span().endLine(),
                    d.span().endColumn(),
                    d.code().name(),
                    data(message.toString())));
      }
    }
    out.flush();
  }

  /** Escapes a message as the Actions toolkit does. */
  static String data(String text) {
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** Escapes a property value: also ':' and ','. */
  static String property(String text) {
    return data(text).replace(":", "%3A").replace(",", "%2C");
  }
}
