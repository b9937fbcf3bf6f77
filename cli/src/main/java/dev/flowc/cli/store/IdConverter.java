package dev.flowc.cli.store;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A run or job id on the command line: a positive whole number. */
public final class IdConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String text) {
    try {
      long id = Long.parseLong(text.strip());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // Said below.
    }
    throw new TypeConversionException(
        "'%s' is not an id (a positive whole number)".formatted(text));
  }
}
