package dev.mesh.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Report;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.model.BenchModels;
import dev.mesh.bench.process.HttpJson;
import dev.mesh.bench.process.LauncherOptions;
import dev.mesh.bench.process.NodeProcess;
import dev.mesh.bench.process.ProcMemory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A node left running: many small tasks through one node at the launcher's default heap, with heap after a full
 * GC and RSS at a tenth, half and all of them (bounded state: they should not grow with history); then start-up
 * time on a data folder holding that many ended tasks against an empty one (history is not read at start).
 */
public final class SoakBench implements Benchmark {
  static final String NAME = "soak";
  private static final int TASKS = Integer.getInteger("mesh.bench.soak.tasks", 100_000);
  private static final int IN_FLIGHT = 16;
  private static final int STARTS = 3;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return TASKS + " 1-char embed tasks through one node at the launcher's heap: heap after GC, JVM committed"
        + " memory and RSS at "
        + TASKS / 10 + ", " + TASKS / 2 + ", " + TASKS + "; start-up with " + TASKS + " ended tasks in the journal"
        + " vs none";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    BenchModel model = BenchModels.stories(env);
    if (model.synthetic()) {
      report.note(NAME, model.note());
    }
    List<String> jvm = LauncherOptions.read(env.launcher());
    report.note(NAME, "node JVM options (the launcher's): " + String.join(" ", jvm));
    List<Checkpoint> seen = soak(env, model, jvm, report);
    Checkpoint first = seen.get(0);
    Checkpoint last = seen.get(seen.size() - 1);
    report.ratio(NAME, "heap after GC, " + last.tasks() + " / " + first.tasks() + " tasks",
        last.heapMib() / first.heapMib(), "target <= 1.10");
    report.ratio(NAME, "JVM committed memory, " + last.tasks() + " / " + first.tasks() + " tasks",
        last.committedMib() / first.committedMib(), "target <= 1.10");
    report.ratio(NAME, "RSS, " + last.tasks() + " / " + first.tasks() + " tasks", last.rssMib() / first.rssMib(),
        "target <= 1.10; RSS counts a committed page once it is touched, so it may rise towards the committed"
            + " figure without any memory added");
    startUp(env, jvm, report);
  }

  /** One point of the soak. */
  private record Checkpoint(long tasks, double heapMib, double committedMib, double rssMib, double tasksPerSecond) {}

  private List<Checkpoint> soak(BenchEnv env, BenchModel model, List<String> jvm, Report report) throws Exception {
    ObjectNode config = clustered();
    config.putArray("models").addObject().put("path", model.path().toString()).put("id", "bench-model");
    List<Checkpoint> seen = new ArrayList<>();
    List<String> tracked = new ArrayList<>(jvm);
    tracked.add(NodeCommitted.TRACKING);
    try (NodeProcess node = NodeProcess.start(env, "soak", config, tracked, List.of())) {
      node.awaitHealthy(START_TIMEOUT);
      long sent = 0;
      for (long target : new long[] {TASKS / 10, TASKS / 2, TASKS}) {
        long start = System.nanoTime();
        send(node, target - sent);
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = (target - sent) / seconds;
        sent = target;
        Checkpoint c = new Checkpoint(target, NodeHeap.afterFullGc(node), NodeCommitted.mib(node),
            ProcMemory.of(node.pid()).rssMib(), rate);
        seen.add(c);
        report.figure(NAME, String.format("after %,d tasks: heap after GC", target), c.heapMib(), "MiB");
        report.figure(NAME, String.format("after %,d tasks: JVM committed (NMT)", target), c.committedMib(), "MiB");
        report.figure(NAME, String.format("after %,d tasks: RSS", target), c.rssMib(), "MiB");
        report.figure(NAME, String.format("tasks %,d..%,d", target - (long) (rate * seconds), target), rate,
            "task/s");
      }
    }
    return seen;
  }

  /** Sends {@code count} tasks with {@link #IN_FLIGHT} in flight; fails on the first one that does not succeed. */
  private static void send(NodeProcess node, long count) throws Exception {
    Semaphore slots = new Semaphore(IN_FLIGHT);
    AtomicLong done = new AtomicLong();
    AtomicReference<String> failure = new AtomicReference<>();
    URI uri = node.tasksUri(WAIT);
    JsonNode task = HttpJson.JSON.createObjectNode().put("kind", "embed").put("input", "a");
    for (long i = 0; i < count && failure.get() == null; i++) {
      slots.acquire();
      CompletableFuture<HttpJson.Response> sent = HttpJson.postAsync(uri, task, WAIT.plusSeconds(10));
      sent.whenComplete((r, e) -> {
        if (e != null || r.status() != 200 || !"succeeded".equals(r.body().path("state").asText())) {
          failure.compareAndSet(null, e != null ? e.toString() : r.status() + " " + r.body());
        }
        done.incrementAndGet();
        slots.release();
      });
    }
    slots.acquire(IN_FLIGHT);
    if (failure.get() != null) {
      throw new IllegalStateException("a soak task did not succeed: " + failure.get());
    }
  }

  /** Time to healthy on an empty data folder and on one holding {@link #TASKS} ended tasks, alternating. */
  private void startUp(BenchEnv env, List<String> jvm, Report report) throws Exception {
    Path empty = env.newDir("start-empty");
    Path full = env.newDir("start-full");
    long start = System.nanoTime();
    History.write(full.resolve("data"), TASKS);
    report.note(NAME, String.format("wrote %,d ended task records into a journal in %.1f s", TASKS,
        (System.nanoTime() - start) / 1e9));
    List<Double> emptyMs = new ArrayList<>();
    List<Double> fullMs = new ArrayList<>();
    for (int i = 0; i < STARTS; i++) {
      emptyMs.add(timeToHealthy(env, jvm, empty.resolve("run-" + i), empty.resolve("data")));
      fullMs.add(timeToHealthy(env, jvm, full.resolve("run-" + i), full.resolve("data")));
    }
    double e = median(emptyMs);
    double f = median(fullMs);
    report.figure(NAME, "start-up, empty journal (median of " + STARTS + ")", e, "ms");
    report.figure(NAME, String.format("start-up, %,d ended tasks (median of %d)", TASKS, STARTS), f, "ms");
    report.ratio(NAME, "start-up with history / without", f / e, "target <= 1.2");
  }

  private static double timeToHealthy(BenchEnv env, List<String> jvm, Path dir, Path data) throws Exception {
    ObjectNode config = clustered();
    config.putObject("engine").put("enabled", false); // the node's own start, not an engine's
    config.putObject("retention").put("keepMax", TASKS); // keep it all: the start must not depend on pruning
    long start = System.nanoTime();
    try (NodeProcess node = NodeProcess.start(env, "start", config, jvm, List.of(), dir, data)) {
      node.awaitHealthy(START_TIMEOUT);
      return (System.nanoTime() - start) / 1e6;
    }
  }

  private static ObjectNode clustered() {
    return NodeProcess.inClusterOfItsOwn(HttpJson.JSON.createObjectNode());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
