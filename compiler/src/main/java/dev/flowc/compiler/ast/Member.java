package dev.flowc.compiler.ast;

/** A member of a pipeline. */
public sealed interface Member extends Node
    permits Attribute, ParamsBlock, DefaultsBlock, QueueDecl, StageDecl, ScheduleDecl {}
