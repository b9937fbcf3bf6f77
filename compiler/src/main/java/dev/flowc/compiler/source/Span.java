package dev.flowc.compiler.source;

/**
 * A range of a source file. Lines and columns are 1-based; a column counts Unicode code points (a
 * tab is one column). The end is exclusive: {@code endColumn} is the column just after the last
 * character.
 */
public record Span(int line, int column, int endLine, int endColumn) {
  public Span {
    if (line < 1 || column < 1 || endLine < line || (endLine == line && endColumn < column)) {
      throw new IllegalArgumentException(
          "bad span %d:%d-%d:%d".formatted(line, column, endLine, endColumn));
    }
  }

  /** A span of {@code length} code points on one line. */
  public static Span of(int line, int column, int length) {
    return new Span(line, column, line, column + length);
  }

  /** From the start of {@code first} to the end of {@code last}. */
  public static Span between(Span first, Span last) {
    if (last.endLine < first.line
        || (last.endLine == first.line && last.endColumn < first.column)) {
      return first;
    }
    return new Span(first.line, first.column, last.endLine, last.endColumn);
  }

  /** Whether this span starts before {@code other}. */
  public int compareStart(Span other) {
    return line != other.line
        ? Integer.compare(line, other.line)
        : Integer.compare(column, other.column);
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
