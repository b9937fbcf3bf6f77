package dev.flowc.compiler.parse;

import java.math.BigInteger;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The literal syntax of numbers and durations, for text that does not come through the lexer. */
public final class Literals {
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+(?:_[0-9]+)*");
  private static final Pattern FLOAT =
      Pattern.compile("-?[0-9]+(?:_[0-9]+)*(?:\\.[0-9]+(?:_[0-9]+)*)?");
  private static final Pattern DURATION = Pattern.compile("(-?[0-9]+(?:_[0-9]+)*)(ms|s|m|h|d)");

  private Literals() {}

  /** The value of an integer literal that fits in 64 bits. */
  public static OptionalLong parseInteger(String text) {
    if (text.length() <= 18 && isDigits(text)) { // the common case, without a regex or BigInteger
      return OptionalLong.of(Long.parseLong(text));
    }
    if (!INTEGER.matcher(text).matches()) {
      return OptionalLong.empty();
    }
    BigInteger value = new BigInteger(text.replace("_", ""));
    return value.bitLength() < 64 ? OptionalLong.of(value.longValue()) : OptionalLong.empty();
  }

  /** Whether {@code text} is an integer or float literal. */
  public static boolean isNumber(String text) {
    return FLOAT.matcher(text).matches();
  }

  /** The milliseconds of a duration literal such as {@code 30s}, if it is one and fits. */
  public static OptionalLong parseDuration(String text) {
    Matcher matcher = DURATION.matcher(text);
    if (!matcher.matches()) {
      return OptionalLong.empty();
    }
    BigInteger millis =
        new BigInteger(matcher.group(1).replace("_", ""))
            .multiply(BigInteger.valueOf(unitMillis(matcher.group(2))));
    return millis.bitLength() < 64 ? OptionalLong.of(millis.longValue()) : OptionalLong.empty();
  }

  /** The milliseconds in one {@code unit}: ms, s, m, h or d. */
  static long unitMillis(String unit) {
    return switch (unit) {
      case "ms" -> 1;
      case "s" -> 1_000;
      case "m" -> 60_000;
      case "h" -> 3_600_000;
      case "d" -> 86_400_000;
      default -> throw new IllegalArgumentException("not a duration unit: " + unit);
    };
  }

  /** A duration in the largest unit that divides it: 90000 → {@code 90s}, 120000 → {@code 2m}. */
  public static String formatDuration(long millis) {
    for (String unit : new String[] {"d", "h", "m", "s"}) {
      long size = unitMillis(unit);
      if (millis != 0 && millis % size == 0) {
        return millis / size + unit;
      }
    }
    return millis + "ms";
  }

  private static boolean isDigits(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
