package dev.flowc.samples.etl;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flowc.runtime.Handler;
import dev.flowc.runtime.JobContext;
import dev.flowc.runtime.NonRetryableException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code etl.extract-csv}: parses a CSV export (RFC 4180, UTF-8, a header line) and returns one map
 * per record, from column name to text, in the header's order. Quoted fields may hold commas,
 * doubled quotes and line breaks.
 */
public final class ExtractCsv implements Handler<ExtractCsv.Input, List<Map<String, String>>> {
  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();

  /**
   * @param filePath the CSV file, relative to the pipeline's directory or absolute
   */
  public record Input(@JsonProperty("file_path") String filePath) {}

  @Override
  public List<Map<String, String>> handle(Input input, JobContext context) throws IOException {
    if (input.filePath() == null || input.filePath().isBlank()) {
      throw new NonRetryableException("no 'file_path' given");
    }
    Path file = context.resolvePath(input.filePath());
    if (Files.notExists(file)) {
      throw new FileNotFoundException("csv file %s does not exist".formatted(input.filePath()));
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = FORMAT.parse(reader)) {
      List<String> header = parser.getHeaderNames();
      List<Map<String, String>> rows = new ArrayList<>();
      for (CSVRecord record : parser) {
        if (!record.isConsistent()) {
          throw new NonRetryableException(
              "csv file %s: record %d (line %d) has %d fields, the header has %d"
                  .formatted(
                      input.filePath(),
                      record.getRecordNumber(),
                      parser.getCurrentLineNumber(),
                      record.size(),
                      header.size()));
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (String column : header) {
          row.put(column, record.get(column));
        }
        rows.add(row);
      }
      return rows;
    } catch (UncheckedIOException e) {
      throw malformedOr(input.filePath(), e.getCause());
    } catch (CSVException | IllegalArgumentException e) {
      throw malformed(input.filePath(), e);
    }
  }

  // The parser reports bad content (an unterminated quote) as an I/O error; it cannot be retried.
  private static IOException malformedOr(String path, IOException cause) {
    if (cause instanceof CSVException) {
      throw malformed(path, cause);
    }
    return cause;
  }

  private static NonRetryableException malformed(String path, Exception cause) {
    return new NonRetryableException(
        "csv file %s is malformed: %s".formatted(path, cause.getMessage()), cause);
  }
}
