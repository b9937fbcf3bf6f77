package dev.flowc.compiler;

/** The kind of a JSON value, for values whose type is known before their content. */
public enum JsonType {
  STRING("a string"),
  INTEGER("an integer"),
  FLOAT("a float"),
  BOOLEAN("a boolean"),
  ARRAY("a list"),
  OBJECT("a map");

  private final String withArticle;

  JsonType(String withArticle) {
    this.withArticle = withArticle;
  }

  /** {@code a string}, {@code a list}: for messages, in the words of the language. */
  public String withArticle() {
    return withArticle;
  }
}
