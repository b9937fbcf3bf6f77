package dev.flowc.cli;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads an option's enum value by the name help shows ({@code toString()}, lower case), ignoring
 * case, and lists those names when the value is none of them: picocli's own converter lists the
 * constants' upper-case names, which help never shows.
 */
final class EnumChoice<E extends Enum<E>> implements ITypeConverter<E> {
  private final Class<E> type;

  private EnumChoice(Class<E> type) {
    this.type = type;
  }

  /** A converter for {@code type}, for an option's {@code converter} attribute. */
  static <E extends Enum<E>> EnumChoice<E> of(Class<E> type) {
    return new EnumChoice<>(type);
  }

  /** Registers a converter for each of {@code types} with {@code commandLine} and its commands. */
  @SafeVarargs
  static void register(CommandLine commandLine, Class<? extends Enum<?>>... types) {
    for (Class<? extends Enum<?>> type : types) {
      registerOne(commandLine, type);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void registerOne(CommandLine commandLine, Class<? extends Enum<?>> type) {
    commandLine.registerConverter((Class) type, new EnumChoice(type));
  }

  @Override
  public E convert(String value) {
    for (E constant : type.getEnumConstants()) {
      if (constant.toString().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    throw new TypeConversionException(
        "expected one of %s, not '%s'"
            .formatted(
                Arrays.stream(type.getEnumConstants())
                    .map(Object::toString)
                    .collect(Collectors.joining(", ")),
                value));
  }
}
