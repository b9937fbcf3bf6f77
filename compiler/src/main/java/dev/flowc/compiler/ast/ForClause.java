package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/**
 * {@code for VAR in LIST} or {@code for INDEX, VAR in LIST} after a stage's name: the stage runs
 * once per element of the list.
 *
 * @param indexVar the name of the item's 0-based index, or {@code null}
 * @param var the name of the element, the loop variable
 * @param list the list: a literal, {@code params.NAME} or {@code STAGE.result...}
 */
public record ForClause(Name indexVar, Name var, Value list, Span span) implements Node {}
