package dev.flowc.runtime;

import dev.flowc.runtime.store.JobStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A real store whose calls a test watches, changes or fails: not a mock, every call it lets through
 * goes to the real store.
 */
final class InterceptedStore {
  /** The real call, as the interceptor may make it: its result, or what it threw. */
  @FunctionalInterface
  interface Proceed {
    Object call() throws Throwable;
  }

  /** Decides a call: usually {@code proceed.call()}, watched or changed, or a failure instead. */
  @FunctionalInterface
  interface Interceptor {
    Object intercept(Method method, Object[] args, Proceed proceed) throws Throwable;
  }

  private InterceptedStore() {}

  /** {@code real}, each of whose calls goes through {@code interceptor}. */
  static JobStore around(JobStore real, Interceptor interceptor) {
    return (JobStore)
        Proxy.newProxyInstance(
            JobStore.class.getClassLoader(),
            new Class<?>[] {JobStore.class},
            (proxy, method, args) ->
                interceptor.intercept(
                    method,
                    args,
                    () -> {
                      try {
                        return method.invoke(real, args);
                      } catch (InvocationTargetException e) {
                        throw e.getCause();
                      }
                    }));
  }
}
