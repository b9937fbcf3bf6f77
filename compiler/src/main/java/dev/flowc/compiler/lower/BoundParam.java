package dev.flowc.compiler.lower;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.compiler.check.ParamType;
import dev.flowc.compiler.parse.Literals;

/** A param's value for one compilation, as IR JSON (durations in milliseconds). */
record BoundParam(String name, ParamType type, JsonNode value) {
  /** The value as interpolation writes it into a string. */
  String asText() {
    if (value.isNull()) {
      return "null";
    }
    if (type == ParamType.DURATION && value.canConvertToLong()) {
      return Literals.formatDuration(value.asLong());
    }
    return value.isTextual() ? value.asText() : value.toString();
  }
}
