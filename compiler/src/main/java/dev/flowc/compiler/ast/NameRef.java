package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/**
 * A bare name where a stage's value goes ({@code input}, {@code metadata}, {@code when}, a {@code
 * for} list, a string in them) that is not the stage's loop variable, {@code run.NAME} or {@code
 * STAGE.state}: always a mistake, which the checks explain (FLOW207).
 *
 * @param head the first name, where the diagnostic points
 * @param text the whole dotted name as written
 */
public record NameRef(Name head, String text, Span span) implements Reference {
  @Override
  public String kind() {
    return "a bare name";
  }
}
