package dev.mesh.bench.hop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.bench.cluster.BenchMember;
import dev.mesh.bench.cluster.MeshPair;
import dev.mesh.bench.process.HttpJson;
import dev.mesh.bench.process.NodeProcess;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** One way of making a round trip through the cluster, timed by {@link #call}. */
public record RoundTrip(String name, Callable<HopSample> call) {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Raw clustered event-bus request/reply from this JVM to a node's ping address. */
  static RoundTrip ping(String name, BenchMember member, String advertId) {
    return new RoundTrip(name, () -> HopSample.raw(member.timePing(advertId)));
  }

  /** The no-op task posted at {@code entry} with {@code ?wait}, which must come back done by {@code executor}. */
  static RoundTrip task(String name, NodeProcess entry, String executor) {
    return task(name, entry, MeshPair.noOpTask(), executor);
  }

  /** {@code task} posted at {@code entry} with {@code ?wait}, which must come back done by {@code executor}. */
  public static RoundTrip task(String name, NodeProcess entry, JsonNode task, String executor) {
    return new RoundTrip(name, () -> {
      Instant submit = Instant.now();
      long start = System.nanoTime();
      HttpJson.Response r = entry.submit(task, WAIT);
      long wall = System.nanoTime() - start;
      Instant answer = Instant.now();
      String executedBy = r.body().path("result").path("executedBy").asText();
      if (r.status() != 200 || !"succeeded".equals(r.body().path("state").asText()) || !executor.equals(executedBy)) {
        throw new IOException(name + ": expected a task done by " + executor + ", got " + r.status() + " " + r.body());
      }
      return HopSample.task(wall, submit, r.body(), answer);
    });
  }

  HopSample run() throws Exception {
    return call.call();
  }
}
