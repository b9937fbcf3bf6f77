package dev.flowc.cli.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Severity;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code {"files", "errors", "warnings", "diagnostics": [...]}}: each diagnostic with its file,
 * 1-based start and exclusive end, severity, code, message, notes as text, and the notes that point
 * somewhere as {@code related} locations.
 */
final class JsonReport implements DiagnosticReport {
  @Override
  public void write(List<FileReport> files, PrintWriter out) {
    ObjectNode report = Json.MAPPER.createObjectNode();
    report.put("files", files.size());
    report.put("errors", FileReport.count(files, Severity.ERROR));
    report.put("warnings", FileReport.count(files, Severity.WARNING));
    ArrayNode diagnostics = report.putArray("diagnostics");
    for (FileReport file : files) {
      for (Diagnostic d : file.diagnostics()) {
        ObjectNode node = diagnostics.addObject();
        node.put("file", file.source().path());
        node.put("line", d.span().line());
        node.put("column", d.span().column());
        node.put("end_line", d.span().endLine());
        node.put("end_column", d.span().endColumn());
        node.put("severity", d.severity().id());
        node.put("code", d.code().name());
        node.put("message", d.message());
        ArrayNode notes = node.putArray("notes");
        ArrayNode related = node.putArray("related");
        for (Note note : d.notes()) {
          notes.add(note.toString());
          if (note.span() != null) {
            ObjectNode location = related.addObject();
            location.put("line", note.span().line());
            location.put("column", note.span().column());
            location.put("end_line", note.span().endLine());
            location.put("end_column", note.span().endColumn());
            location.put("message", note.message());
          }
        }
      }
    }
    out.println(Json.pretty(report));
    out.flush();
  }
}
