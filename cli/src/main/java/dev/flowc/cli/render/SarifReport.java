package dev.flowc.cli.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Severity;
import dev.flowc.compiler.source.Span;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * SARIF 2.1.0 for code scanning: one run, one rule per diagnostic code (all of them, so rule
 * indexes are stable), one result per diagnostic with its notes as related locations. Columns count
 * Unicode code points and regions end exclusively, as SARIF specifies.
 */
final class SarifReport implements DiagnosticReport {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private final String version;

  SarifReport(String version) {
    this.version = version;
  }

  @Override
  public void write(List<FileReport> files, PrintWriter out) {
    ObjectNode log = Json.MAPPER.createObjectNode();
    log.put("$schema", SCHEMA);
    log.put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "flowc");
    driver.put("version", version);
    ArrayNode rules = driver.putArray("rules");
    for (DiagnosticCode code : DiagnosticCode.values()) {
      ObjectNode rule = rules.addObject();
      rule.put("id", code.name());
      rule.put("name", camel(code.slug()));
      rule.putObject("shortDescription").put("text", code.description());
      rule.putObject("defaultConfiguration").put("level", level(code.severity()));
    }
    run.put("columnKind", "unicodeCodePoints");
    ArrayNode results = run.putArray("results");
    for (FileReport file : files) {
      String uri = uri(file.source().path());
      for (Diagnostic d : file.diagnostics()) {
        ObjectNode result = results.addObject();
        result.put("ruleId", d.code().name());
        result.put("ruleIndex", d.code().ordinal());
        result.put("level", level(d.severity()));
        StringBuilder text = new StringBuilder(d.message());
        for (Note note : d.notes()) {
          if (note.span() == null) {
            text.append("\n").append(note);
          }
        }
        result.putObject("message").put("text", text.toString());
        location(result.putArray("locations").addObject(), uri, d.span());
        ArrayNode related = null;
        int id = 0;
        for (Note note : d.notes()) {
          if (note.span() != null) {
            if (related == null) {
              related = result.putArray("relatedLocations");
            }
            ObjectNode location = related.addObject();
            location.put("id", id++);
            location(location, uri, note.span());
            location.putObject("message").put("text", note.message());
          }
        }
      }
    }
    out.println(Json.pretty(log));
    out.flush();
  }

  private static void location(ObjectNode location, String uri, Span span) {
    ObjectNode physical = location.putObject("physicalLocation");
    physical.putObject("artifactLocation").put("uri", uri);
    ObjectNode region = physical.putObject("region");
    region.put("startLine", span.line());
    region.put("startColumn", span.column());
    region.put("endLine", span.endLine());
    region.put(
        "endColumn",
        Math.max(span.endColumn(), span.column() + (span.endLine() == span.line() ? 1 : 0)));
  }

  private static String level(Severity severity) {
    return severity == Severity.ERROR ? "error" : "warning";
  }

  /**
   * An absolute path becomes a {@code file:} URI; a relative one stays relative (code scanning
   * resolves it against the checkout), percent-encoded, with ':' encoded too so that {@code
   * a:b.flow} does not read as a URI with scheme {@code a}.
   */
  static String uri(String path) {
    try {
      if (Path.of(path).isAbsolute()) {
        return Path.of(path).toUri().toString();
      }
    } catch (InvalidPathException e) {
      // Not a path of this platform: encode it as it is.
    }
    StringBuilder uri = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~/!$&'()*+,;=@".indexOf(c) >= 0)) {
        uri.append(c);
      } else {
        uri.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return uri.toString();
  }

  private static String camel(String slug) {
    StringBuilder name = new StringBuilder();
    for (String word : slug.split("-")) {
      name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return name.toString();
  }
}
