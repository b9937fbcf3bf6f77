package dev.flowc.compiler.check;

/** One check of a pipeline. Reports to the context's sink; never throws for bad input. */
interface Check {
  void run(CheckContext context);
}
