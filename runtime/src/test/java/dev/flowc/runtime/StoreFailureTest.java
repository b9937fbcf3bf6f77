package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.sqlite.SqliteJobStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StoreFailureTest extends RuntimeTestSupport {

  @Test
  void a_worker_keeps_claiming_after_the_store_fails_for_a_while() throws Exception {
    JobStore real =
        SqliteJobStore.open(dir.resolve("flowc.db"), SyncMode.NORMAL, Clock.systemUTC());
    AtomicInteger failedClaims = new AtomicInteger();
    // The real store, whose first three claims fail as a full disk or a long lock would.
    JobStore failing =
        (JobStore)
            Proxy.newProxyInstance(
                JobStore.class.getClassLoader(),
                new Class<?>[] {JobStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("claim") && failedClaims.get() < 3) {
                    failedClaims.incrementAndGet();
                    throw new StoreException("cannot write to store: the disk is full");
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    FlowRuntime runtime = track(FlowRuntime.builder().store(failing).handlers(registry()).open());
    runtime.startWorker(WorkerOptions.of(1));

    RunView run = runtime.submit(plan().job(stage("a", "builtin.echo", "{'x': 1}")).build());

    assertThat(finish(runtime, run).status()).isEqualTo(RunStatus.COMPLETE);
    assertThat(failedClaims.get()).isEqualTo(3);
  }
}
