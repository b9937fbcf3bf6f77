package dev.flowc.runtime.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.FlowRuntime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class of a child JVM that races others to enqueue jobs with unique keys: {@code STORE
 * KEYS} opens the store, prints {@code ready}, waits for a line on stdin, enqueues a job with each
 * of the keys {@code key-0} .. {@code key-(KEYS-1)} (even ones with {@code enqueue}, odd ones with
 * {@code enqueueAll} of the key twice), and prints {@code ids ID,ID,...} in key order.
 */
public final class KeyedEnqueueProcess {
  private KeyedEnqueueProcess() {}

  public static void main(String[] args) throws Exception {
    int keys = Integer.parseInt(args[1]);
    try (FlowRuntime runtime = WorkerProcess.runtime(args[0], 30_000).open()) {
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, UTF_8)).readLine();
      List<String> ids = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        EnqueueRequest request =
            EnqueueRequest.builder("builtin.noop").retries(0).uniqueKey("key-" + k).build();
        long id =
            k % 2 == 0
                ? runtime.enqueue(request)
                : runtime.enqueueAll(List.of(request, request)).get(1);
        ids.add(Long.toString(id));
      }
      System.out.println("ids " + String.join(",", ids));
    }
    System.out.flush();
    System.exit(0);
  }
}
