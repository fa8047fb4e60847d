package dev.mesh.bench.priority;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Latencies;
import dev.mesh.bench.Report;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.model.BenchModels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Chat latency on one node while a 1,000-item batch job (a webhook delivery) runs, against the same chats with no
 * job before and after it, in the same run: with priority, a chat waits for the one task running, not the queue.
 * Each chat's wait in the queue, from its record, is set beside a batch task's engine time: that comparison does not
 * move with whatever else the machine runs. Then, cheaply, the same node with every class alike
 * ({@code limits.queueOrder: arrival}): the first chat after the delivery waits for all of the job.
 */
public final class PriorityBench implements Benchmark {
  static final String NAME = "priority";
  private static final int ITEMS = Integer.getInteger("mesh.bench.priority.items", 1000);
  private static final int WARM = Integer.getInteger("mesh.bench.priority.warm", 5);
  private static final int MEASURED = Integer.getInteger("mesh.bench.priority.measured", 40);
  /** Up to this long between chats, at random: a chat lands anywhere in a running batch task, as a person's does. */
  private static final int THINK_MS = 60;
  private static final long JOB_POLL_MS = 1000;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "chat (OpenAI API, " + BusyNode.CHAT_MAX_TOKENS + " tokens) p50/p99 while a " + ITEMS + "-item batch hook"
        + " job runs vs with none, before and after (" + WARM + " warm + " + MEASURED + " measured each); the first"
        + " chat after the delivery with priority on and off";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    BenchModel model = BenchModels.stories(env);
    if (model.synthetic()) {
      report.note(NAME, model.note());
    }
    report.note(NAME, "one node, " + model.label() + ", " + BusyNode.ENGINE_THREADS + " engine thread(s) (the node's"
        + " default: a core left free), no cluster; the job: "
        + ITEMS + " classify tasks (2 labels) from one signed delivery to a hook; chats sent one at a time, 0-"
        + THINK_MS + " ms apart");
    double loadBefore = loadAverage();
    Random random = new Random(14);
    Latencies idle;
    try (BusyNode node = BusyNode.start(env, model, "priority")) {
      chats(node, WARM, random);
      List<BusyNode.Chat> before = chats(node, MEASURED, random);
      long jobStart = System.nanoTime();
      String job = node.deliver(ITEMS);
      BusyNode.Chat first = node.chat("Tell me a story.");
      List<BusyNode.Chat> busy = chats(node, MEASURED, random);
      int left = node.batchQueued();
      double jobSeconds = awaitEnd(node, job, jobStart);
      List<BusyNode.Chat> after = chats(node, MEASURED, random);
      List<BusyNode.Chat> bothIdle = new ArrayList<>(before);
      bothIdle.addAll(after);
      idle = millis(bothIdle);
      Latencies loaded = millis(busy);
      percentiles(report, "chat, no job (before and after)", idle);
      percentiles(report, "chat, " + ITEMS + "-item batch job running", loaded);
      report.figure(NAME, "first chat after the delivery", first.millis(), "ms");
      Latencies waited = queued(node, busy);
      Latencies waitedIdle = queued(node, bothIdle);
      percentiles(report, "chat's wait in the queue, job running", waited);
      percentiles(report, "chat's wait in the queue, no job", waitedIdle);
      report.figure(NAME, "chat's engine time p50, job running", engineMillis(node, busy).p50(), "ms");
      report.figure(NAME, "chat's engine time p50, no job", engineMillis(node, bothIdle).p50(), "ms");
      double batchTask = batchEngineMillis(node.job(job)).p50();
      report.figure(NAME, "a batch task's engine time p50", batchTask, "ms");
      report.figure(NAME, "batch tasks still queued after the last busy chat", left, "");
      report.figure(NAME, "the job: delivery -> every item ended (+-1 s)", jobSeconds, "s");
      report.ratio(NAME, "chat p50 busy / idle", loaded.p50() / idle.p50(),
          "target <= 1.5 (one running task's time, not the queue's)");
      report.ratio(NAME, "chat p99 busy / idle", loaded.p99() / idle.p99(), "target <= 1.5");
      report.ratio(NAME, "chat's extra queue wait p50 (busy - idle) / a batch task's engine time",
          (waited.p50() - waitedIdle.p50()) / batchTask, "<= ~1: it waits for the running task only");
      if (left == 0) {
        report.note(NAME, "the job ended before the last busy chat: the busy figures are partly idle ones");
      }
    }
    arrivalOrder(env, model, report, idle, random);
    // the others' builds and tests share this box's cores: what ran beside the benchmark moves every figure
    report.note(NAME, String.format(Locale.ROOT, "load average (1 min) %.1f at the start, %.1f at the end, %d cores",
        loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors()));
  }

  /** The same first chat on a node that queues every class alike: it waits for the whole job. */
  private static void arrivalOrder(BenchEnv env, BenchModel model, Report report, Latencies idle, Random random)
      throws Exception {
    try (BusyNode node = BusyNode.start(env, model, "arrival")) {
      chats(node, WARM, random);
      long jobStart = System.nanoTime();
      String job = node.deliver(ITEMS);
      BusyNode.Chat first = node.chat("Tell me a story.");
      awaitEnd(node, job, jobStart);
      report.figure(NAME, "priority off (queueOrder arrival): first chat after the delivery", first.millis(), "ms");
      report.ratio(NAME, "priority off: first chat after the delivery / idle p50", first.millis() / idle.p50(),
          "what priority saves: the queue's time");
    }
  }

  private static List<BusyNode.Chat> chats(BusyNode node, int count, Random random) throws Exception {
    List<BusyNode.Chat> done = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Thread.sleep(random.nextInt(THINK_MS + 1));
      done.add(node.chat("Tell me a story about item " + i + "."));
    }
    return done;
  }

  private static Latencies millis(List<BusyNode.Chat> chats) {
    return Latencies.ofMillis(chats.stream().map(BusyNode.Chat::millis).toList());
  }

  /** From each chat's record (read after the measurement, so reading them costs the measurement nothing). */
  private static Latencies queued(BusyNode node, List<BusyNode.Chat> chats) throws Exception {
    List<Double> ms = new ArrayList<>();
    for (BusyNode.Chat c : chats) {
      ms.add(node.task(c.task()).at("/result/timings/queuedMs").asDouble());
    }
    return Latencies.ofMillis(ms);
  }

  /** Prefill + decode of each chat: slower while the job runs only if the node's own work takes the engine's CPU. */
  private static Latencies engineMillis(BusyNode node, List<BusyNode.Chat> chats) throws Exception {
    List<Double> ms = new ArrayList<>();
    for (BusyNode.Chat c : chats) {
      JsonNode t = node.task(c.task()).at("/result/timings");
      ms.add(t.path("prefillMs").asDouble() + t.path("decodeMs").asDouble());
    }
    return Latencies.ofMillis(ms);
  }

  /** Prefill + decode of each of the job's tasks: what a chat behind one of them waits at most (overhead aside). */
  private static Latencies batchEngineMillis(JsonNode job) {
    List<Double> ms = new ArrayList<>();
    for (JsonNode r : job.path("results")) {
      JsonNode t = r.at("/result/timings");
      ms.add(t.path("prefillMs").asDouble() + t.path("decodeMs").asDouble());
    }
    return Latencies.ofMillis(ms);
  }

  /** Seconds from the delivery until every task of the job ended; fails if any did not succeed. */
  private static double awaitEnd(BusyNode node, String job, long startNanos) throws Exception {
    while (true) {
      JsonNode view = node.job(job);
      if (view.path("ended").asBoolean()) {
        if (view.path("failed").asInt() > 0) {
          throw new IOException("job " + job + ": " + view.path("failed").asInt() + " tasks failed");
        }
        return (System.nanoTime() - startNanos) / 1e9;
      }
      Thread.sleep(JOB_POLL_MS);
    }
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void percentiles(Report report, String what, Latencies l) {
    report.figure(NAME, what + " p50", l.p50(), "ms");
    report.figure(NAME, what + " p99", l.p99(), "ms");
  }
}
