package dev.flowc.cli.verify;

/**
 * Where a value is inside a stage's input, as a user would write it: {@code options.size}, {@code
 * rows[2].id}; empty for the input itself.
 */
record InputPath(String text) {
  static final InputPath ROOT = new InputPath("");

  boolean isRoot() {
    return text.isEmpty();
  }

  InputPath field(String key) {
    return new InputPath(isRoot() ? key : text + "." + key);
  }

  InputPath index(int index) {
    return new InputPath(text + "[" + index + "]");
  }

  @Override
  public String toString() {
    return text;
  }
}
