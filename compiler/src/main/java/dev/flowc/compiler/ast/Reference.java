package dev.flowc.compiler.ast;

/**
 * A value known later than the file: a param's value, another stage's result or state, the stage's
 * loop variables, a run value; or a bare name that is none of these ({@link NameRef}).
 */
public sealed interface Reference extends Value
    permits ParamRef, ResultRef, ItemRef, IndexRef, StateRef, RunRef, NameRef {}
