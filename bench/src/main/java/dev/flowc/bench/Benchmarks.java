package dev.flowc.bench;

import java.util.Arrays;

/**
 * The entry point of {@code flowc-bench.jar}: {@code runtime [OPTIONS]} runs {@link
 * RuntimeBenchmark}; {@code compiler [STAGES...]}, or stage counts alone, run {@link
 * CompilerBenchmark}.
 */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("runtime")) {
      RuntimeBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
    } else if (args.length > 0 && args[0].equals("compiler")) {
      CompilerBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
    } else {
      CompilerBenchmark.main(args);
    }
  }
}
