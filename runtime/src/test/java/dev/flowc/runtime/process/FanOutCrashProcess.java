package dev.flowc.runtime.process;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowc.dag.Each;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.dag.ResultRefs;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.NewRun;
import dev.flowc.runtime.store.StoreOptions;
import dev.flowc.runtime.store.Stores;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The child JVM of {@link FanOutCrashTest}: {@code STORE ITEMS} stores a run whose stage {@code
 * items} fans out over the result of {@code list}, claims {@code list}, prints {@code run N} and
 * {@code completing}, completes it with a list of ITEMS numbers (the transaction that makes every
 * item), prints {@code completed}, and waits to be killed.
 */
public final class FanOutCrashProcess {
  private FanOutCrashProcess() {}

  /** The plan: {@code list}, then {@code items} over its result. */
  static Plan plan() {
    return new Plan(
        "crash-fan-out",
        null,
        null,
        Map.of(),
        List.of(new QueueSpec(QueueSpec.DEFAULT, null)),
        List.of(
            JobSpec.builder("list", "builtin.noop").build(),
            JobSpec.builder("items", "builtin.noop")
                .dependsOn("list")
                .each(new Each(ResultRefs.result("list", List.of()), "n", null, Each.MAX_ITEMS))
                .build()));
  }

  public static void main(String[] args) throws Exception {
    int items = Integer.parseInt(args[1]);
    try (JobStore store = Stores.open(args[0], StoreOptions.defaults(), null)) {
      RunView run = store.createRun(new NewRun(plan(), null));
      Instant now = store.clock().instant();
      ClaimedJob list =
          store
              .claim(
                  new ClaimRequest(
                      "crash", Set.of(), Set.of(), run.id(), 1, now, now.plusSeconds(1)))
              .get(0);
      ArrayNode result = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < items; i++) {
        result.add(i);
      }
      System.out.println("run " + run.id());
      System.out.println("completing");
      System.out.flush();
      store.complete(list.lease(), result).get();
      System.out.println("completed");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
