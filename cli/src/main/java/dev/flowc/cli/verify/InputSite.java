package dev.flowc.cli.verify;

import dev.flowc.compiler.HandlerCall;
import dev.flowc.compiler.StaticValue;

/**
 * One place of a stage's input, and the type the handler reads it as.
 *
 * @param written whether the stage wrote the value; {@code false} for the {@code {}} a stage
 *     without {@code input} gives its handler
 */
record InputSite(
    HandlerCall call, InputPath path, StaticValue value, InputType type, boolean written) {

  InputSite child(InputPath childPath, StaticValue childValue, InputType childType) {
    return new InputSite(call, childPath, childValue, childType, true);
  }

  /** {@code the input of 'etl.load'}, or {@code 'options' in the input of 'etl.load'}. */
  String where() {
    return path.isRoot() ? inputOf() : "'%s' in %s".formatted(path, inputOf());
  }

  /** {@code the input of 'etl.load'}. */
  String inputOf() {
    return "the input of '%s'".formatted(call.handler());
  }

  /** {@code the input of 'etl.load'} or {@code 'options'}: the map whose fields a note lists. */
  String mapName() {
    return path.isRoot() ? inputOf() : "'%s'".formatted(path);
  }
}
