/**
 * The syntax tree of a {@code .flow} file: immutable records, each with its source span. Built from
 * the ANTLR parse tree in one place ({@code parse.AstBuilder}); checks and lowering never see ANTLR
 * types.
 */
package dev.flowc.compiler.ast;
