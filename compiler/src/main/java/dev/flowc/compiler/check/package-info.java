/**
 * The checks of a parsed pipeline, one class each, reporting diagnostics to a sink instead of
 * throwing. {@link dev.flowc.compiler.check.Checker} runs them all and returns the {@link
 * dev.flowc.compiler.check.Analysis} that lowering uses.
 */
package dev.flowc.compiler.check;
