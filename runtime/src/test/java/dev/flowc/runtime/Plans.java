package dev.flowc.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.dag.Backoff;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small plans for tests, built in Java as a user without a .flow file would. */
final class Plans {
  static final ObjectMapper JSON = new ObjectMapper();

  private final List<JobSpec> jobs = new ArrayList<>();
  private final Map<String, QueueSpec> queues = new LinkedHashMap<>();

  static Plans plan() {
    return new Plans();
  }

  static JsonNode json(String json) {
    try {
      return JSON.readTree(json.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  Plans queue(String name, Integer concurrency) {
    queues.put(name, new QueueSpec(name, concurrency));
    return this;
  }

  Plans queue(String name, Integer concurrency, dev.flowc.dag.Rate rate) {
    queues.put(name, new QueueSpec(name, concurrency, rate));
    return this;
  }

  Plans job(JobSpec.Builder job) {
    jobs.add(job.build());
    return this;
  }

  /** A job with no retries, quick fixed backoff, on the default queue. */
  static JobSpec.Builder stage(String stage, String handler, String input, String... after) {
    return JobSpec.builder(stage, handler)
        .retries(0)
        .backoff(Backoff.fixed(10))
        .input(input == null ? null : json(input))
        .dependsOn(after);
  }

  Plan build() {
    List<QueueSpec> specs = new ArrayList<>();
    specs.add(new QueueSpec(QueueSpec.DEFAULT, null));
    specs.addAll(queues.values());
    return new Plan("test", null, null, Map.of(), specs, jobs);
  }
}
