package dev.flowc.cli.verify;

import com.fasterxml.jackson.databind.JavaType;
import dev.flowc.compiler.HandlerCall;
import dev.flowc.compiler.StaticValue;
import java.util.List;

/**
 * Walks a stage's input along the handler's input type, as deep as both go: a map read as a record
 * has its fields checked and each value walked with its property's type, a map read as a map and a
 * list read as a list have each value walked; any other pairing is a single value, which {@link
 * InputTypeCheck} tries with Jackson.
 */
final class InputWalk {
  private final InputTypes types;
  private final UnknownInputFieldCheck unknownFields;
  private final MissingInputFieldCheck missingFields;
  private final InputTypeCheck typeCheck;

  InputWalk(Verification verification) {
    this.types = verification.types();
    this.unknownFields = new UnknownInputFieldCheck(verification);
    this.missingFields = new MissingInputFieldCheck(verification);
    this.typeCheck = new InputTypeCheck(verification, unknownFields);
  }

  /** Checks the input of {@code call} against {@code inputType}. */
  void walk(HandlerCall call, JavaType inputType) {
    StaticValue input =
        call.input().orElseGet(() -> new StaticValue.ObjectValue(List.of(), call.stageSpan()));
    if (input instanceof StaticValue.Scalar scalar && scalar.value().isNull()) {
      // The IR gives a handler {} for 'input null', as for no input.
      input = new StaticValue.ObjectValue(List.of(), scalar.span());
    }
    visit(
        new InputSite(call, InputPath.ROOT, input, types.of(inputType), call.input().isPresent()));
  }

  private void visit(InputSite site) {
    InputType type = site.type();
    StaticValue value = site.value();
    if (type instanceof InputType.Any) {
      return;
    }
    if (value instanceof StaticValue.ObjectValue object && type instanceof InputType.Bean bean) {
      unknownFields.check(site, object, bean);
      missingFields.check(site, object, bean);
      for (StaticValue.Field field : object.fields()) {
        bean.property(field.key())
            .ifPresent(
                p ->
                    visit(
                        site.child(
                            site.path().field(field.key()), field.value(), types.of(p.type()))));
      }
    } else if (value instanceof StaticValue.ObjectValue object
        && type instanceof InputType.MapOf map) {
      InputType valueType = types.of(map.valueType());
      for (StaticValue.Field field : object.fields()) {
        visit(site.child(site.path().field(field.key()), field.value(), valueType));
      }
    } else if (value instanceof StaticValue.ArrayValue array
        && type instanceof InputType.ListOf list) {
      InputType itemType = types.of(list.itemType());
      for (int i = 0; i < array.items().size(); i++) {
        visit(site.child(site.path().index(i), array.items().get(i), itemType));
      }
    } else {
      typeCheck.check(site);
    }
  }
}
