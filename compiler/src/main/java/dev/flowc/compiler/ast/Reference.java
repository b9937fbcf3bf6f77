package dev.flowc.compiler.ast;

/** A value known later than the file: a param's value or another stage's result. */
public sealed interface Reference extends Value permits ParamRef, ResultRef {}
