package dev.mesh.bench.throughput;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Report;
import dev.mesh.bench.cluster.BenchMember;
import dev.mesh.bench.cluster.MeshPair;
import dev.mesh.bench.model.BenchModels;
import dev.mesh.bench.process.HttpJson;
import dev.mesh.bench.process.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * No-op tasks per second through the mesh (posted at entry, run on exec) with many in flight, against raw
 * event-bus request/reply from this JVM to exec's ping with the same number in flight, in one run; and the
 * same tasks posted at exec (no hop), to tell the hop's cost from the rest of a task's.
 */
public final class ThroughputBench implements Benchmark {
  static final String NAME = "throughput";
  private static final int IN_FLIGHT = Integer.getInteger("mesh.bench.throughput.inFlight", 32);
  private static final Duration WARM = Duration.ofSeconds(3);
  private static final Duration WINDOW = Duration.ofSeconds(Integer.getInteger("mesh.bench.throughput.seconds", 10));
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "1-char embed tasks/s posted at entry, run on exec, vs raw event-bus pings/s to exec ("
        + IN_FLIGHT + " in flight, " + WARM.toSeconds() + " s warm + " + WINDOW.toSeconds() + " s each)";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    try (MeshPair mesh = MeshPair.start(env, BenchModels.stories(env))) {
      ClosedLoop.Result raw = ClosedLoop.run(pings(mesh.member(), mesh.execId()), IN_FLIGHT, WARM, WINDOW);
      ClosedLoop.Result remote = ClosedLoop.run(tasks(mesh.entry(), MeshPair.noOpTask(), MeshPair.EXEC), IN_FLIGHT,
          WARM, WINDOW);
      ClosedLoop.Result local = ClosedLoop.run(tasks(mesh.exec(), MeshPair.noOpTask(), MeshPair.EXEC), IN_FLIGHT,
          WARM, WINDOW);
      report.figure(NAME, "raw event bus pings bench -> exec", raw.perSecond(), "req/s");
      report.figure(NAME, "mesh: posted at entry, run on exec", remote.perSecond(), "task/s");
      report.figure(NAME, "local: posted at exec, run on exec", local.perSecond(), "task/s");
      report.ratio(NAME, "mesh / raw", remote.perSecond() / raw.perSecond(), "target >= 0.5");
      report.ratio(NAME, "local / raw", local.perSecond() / raw.perSecond(), "");
      report.ratio(NAME, "mesh / local", remote.perSecond() / local.perSecond(), "what the hop costs");
      for (ClosedLoop.Result r : new ClosedLoop.Result[] {raw, remote, local}) {
        if (r.failed() > 0) {
          report.note(NAME, r.failed() + " failed in a window of " + r.ok() + " done; first: " + r.firstFailure());
        }
      }
    }
  }

  private static Supplier<CompletableFuture<Boolean>> pings(BenchMember member, String advertId) {
    return () -> member.ping(advertId).map(MeshPair.EXEC::equals).toCompletionStage().toCompletableFuture();
  }

  /** Posts {@code task} at {@code entry} with {@code ?wait}; it must come back done by {@code executor}. */
  public static Supplier<CompletableFuture<Boolean>> tasks(NodeProcess entry, JsonNode task, String executor) {
    URI uri = entry.tasksUri(WAIT);
    return () -> {
      try {
        return HttpJson.postAsync(uri, task, WAIT.plusSeconds(10)).thenApply(r -> {
          if (r.status() != 200 || !executor.equals(r.body().path("result").path("executedBy").asText())) {
            throw new IllegalStateException(r.status() + " " + r.body());
          }
          return true;
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }
}
