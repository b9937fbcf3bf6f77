package dev.flowc.runtime.process;

import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.Worker;
import dev.flowc.runtime.WorkerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The child JVM of {@link PostgresWorkerProcessesTest}: {@code drain URL THREADS} opens the store,
 * prints {@code ready}, waits for a line on stdin, then runs jobs until none is left in any
 * process, and prints {@code processed N}.
 */
public final class PostgresWorkerProcess {
  private PostgresWorkerProcess() {}

  public static void main(String[] args) throws Exception {
    String url = args[1];
    int threads = Integer.parseInt(args[2]);
    try (FlowRuntime runtime =
        FlowRuntime.builder()
            .store(url)
            .leaseDuration(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(20))
            .open()) {
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      try (Worker worker = runtime.startWorker(WorkerOptions.of(threads))) {
        boolean drained = worker.awaitDrained(Duration.ofMinutes(3));
        System.out.println("processed " + worker.processed());
        System.out.flush();
        System.exit(drained ? 0 : 1);
      }
    }
  }
}
