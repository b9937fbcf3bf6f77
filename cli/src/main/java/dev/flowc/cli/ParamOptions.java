package dev.flowc.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --param NAME=VALUE}, repeatable; a later value for the same name wins. */
public final class ParamOptions {
  /** One {@code NAME=VALUE}; the value is everything after the first '='. */
  public record Param(String name, String value) {}

  /**
   * Reads a param while the command line is parsed, so that {@code -p FILE} is reported as a bad
   * param rather than as a missing FILE.
   */
  public static final class ParamConverter implements ITypeConverter<Param> {
    @Override
    public Param convert(String text) {
      int eq = text.indexOf('=');
      if (eq < 0) {
        throw new TypeConversionException("'%s' has no '='".formatted(text));
      }
      if (text.substring(0, eq).isBlank()) {
        throw new TypeConversionException("'%s' has no name before '='".formatted(text));
      }
      return new Param(text.substring(0, eq).strip(), text.substring(eq + 1));
    }
  }

  @Option(
      names = {"-p", "--param"},
      paramLabel = "NAME=VALUE",
      converter = ParamConverter.class,
      description = "A value for a pipeline param; repeat for several (a later value wins).")
  List<Param> params = new ArrayList<>();

  /** The values given, by name; for a name given twice, the later value. */
  public Map<String, String> values() {
    Map<String, String> values = new LinkedHashMap<>();
    for (Param param : params) {
      values.put(param.name(), param.value());
    }
    return values;
  }
}
