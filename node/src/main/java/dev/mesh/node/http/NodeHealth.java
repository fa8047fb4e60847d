package dev.mesh.node.http;

import dev.mesh.node.cluster.Membership;
import dev.mesh.node.engine.ProbeResult;
import dev.mesh.node.handoff.SharedFolder;
import dev.mesh.node.engine.EngineStatus;
import dev.mesh.node.inference.LocalModel;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.node.store.TaskStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

/**
 * {@code /health} procedures in the Vert.x health-check format: 200 when all are UP, 503 otherwise.
 * A node whose CPU can't run the engine is healthy (it still routes); an engine that should run and
 * doesn't is not.
 */
public final class NodeHealth {
  private NodeHealth() {}

  public static HealthChecks create(Vertx vertx, ProbeResult probe, ModelCatalog models, TaskStore store,
      Membership cluster, SharedFolder folder) {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register("engine", promise -> promise.complete(engine(probe, models)));
    checks.register("journal", promise -> promise.complete(store.journalWritable() ? Status.OK()
        : Status.KO(new JsonObject().put("reason", "journal folder is not writable"))));
    checks.register("cluster", promise -> promise.complete(cluster(cluster)));
    if (folder.present()) {
      // listing a network folder can hang when the server is gone: off the event loop
      checks.register("handoff", promise -> vertx.executeBlocking(() -> handoff(folder), false)
          .onComplete(done -> promise.complete(done.succeeded() ? done.result()
              : Status.KO(new JsonObject().put("reason", String.valueOf(done.cause().getMessage()))))));
    }
    return checks;
  }

  /** A member of a running cluster (alone is healthy too: the node was told so). */
  private static Status cluster(Membership cluster) {
    if (!cluster.clustered()) {
      return Status.OK(new JsonObject().put("clustered", false));
    }
    if (!cluster.running()) {
      return Status.KO(new JsonObject().put("clustered", true).put("reason", "Hazelcast is not running"));
    }
    return Status.OK(new JsonObject().put("clustered", true).put("members", cluster.members().size()));
  }

  private static Status handoff(SharedFolder handoff) {
    java.nio.file.Path dir = handoff.directory();
    JsonObject data = new JsonObject().put("dir", dir.toString());
    if (!java.nio.file.Files.isDirectory(dir) || !java.nio.file.Files.isWritable(dir)) {
      return Status.KO(data.put("reason", "the shared folder is missing or not writable (is the share mounted?)"));
    }
    int pending = handoff.pending();
    return pending < 0 ? Status.KO(data.put("reason", "cannot list the shared folder")) : Status.OK(data.put("pending", pending));
  }

  private static Status engine(ProbeResult probe, ModelCatalog models) {
    if (!probe.available()) {
      return Status.OK(new JsonObject().put("local", false).put("reason", probe.reason()));
    }
    JsonObject data = new JsonObject().put("local", true);
    boolean allReady = true;
    for (LocalModel m : models.all()) {
      boolean measured = m.speed().samples() > 0;
      boolean unloaded = m.engineStatus().state() == EngineStatus.State.UNLOADED;
      data.put(m.id(), m.engineStatus() + (m.engineStatus().ready() && !measured ? " (measuring speed)" : ""));
      // unmeasured models can't be routed to yet; one not loaded loads when a task needs it
      allReady &= unloaded || (m.engineStatus().ready() && measured);
    }
    return allReady ? Status.OK(data) : Status.KO(data);
  }
}
