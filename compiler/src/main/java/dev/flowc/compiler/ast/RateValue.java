package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/**
 * A rate such as {@code 10/s} (spaces allowed around the {@code /}): a limit and a unit, as
 * written. The checks say which units there are.
 *
 * @param limit the number before the {@code /}, or {@link Long#MAX_VALUE} when it is too large
 * @param unit the name after the {@code /}
 * @param text the rate as written
 * @param unitSpan where the unit is
 */
public record RateValue(long limit, String unit, String text, Span unitSpan, Span span)
    implements Value {
  @Override
  public String kind() {
    return "a rate";
  }
}
