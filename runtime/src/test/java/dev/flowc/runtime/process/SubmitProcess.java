package dev.flowc.runtime.process;

import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.NewRun;
import dev.flowc.runtime.store.StoreOptions;
import dev.flowc.runtime.store.Stores;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The main class of a child JVM that submits a large plan and stops in the middle: {@code STORE
 * JOBS} submits a plan of JOBS jobs in layers of 1,000 (each job after one of the layer before),
 * prints {@code stored N} after its first transaction and then waits for a line on stdin, which
 * never comes: the test kills it there, mid-submit.
 */
public final class SubmitProcess {
  private SubmitProcess() {}

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[1]);
    List<JobSpec> jobs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      JobSpec.Builder job = JobSpec.builder("s" + i, "builtin.noop");
      if (i >= 1_000) {
        job.dependsOn("s" + (i - 1_000));
      }
      jobs.add(job.build());
    }
    Plan plan =
        new Plan("killed", null, null, Map.of(), List.of(new QueueSpec("default", null)), jobs);
    try (JobStore store = Stores.open(args[0], StoreOptions.defaults(), null)) {
      store.createRun(
          new NewRun(
              plan,
              null,
              stored -> {
                System.out.println("stored " + stored);
                System.out.flush();
                try {
                  System.in.read();
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }));
      System.out.println("published");
    }
  }
}
