package dev.mesh.node.http;

import dev.mesh.node.engine.ProbeResult;
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
      boolean clustered) {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register("engine", promise -> promise.complete(engine(probe, models)));
    checks.register("journal", promise -> promise.complete(store.journalWritable() ? Status.OK()
        : Status.KO(new JsonObject().put("reason", "journal folder is not writable"))));
    checks.register("cluster", promise -> promise.complete(Status.OK(new JsonObject()
        .put("clustered", clustered))));
    return checks;
  }

  private static Status engine(ProbeResult probe, ModelCatalog models) {
    if (!probe.available()) {
      return Status.OK(new JsonObject().put("local", false).put("reason", probe.reason()));
    }
    JsonObject data = new JsonObject().put("local", true);
    boolean allReady = true;
    for (LocalModel m : models.all()) {
      boolean measured = m.speed().samples() > 0;
      data.put(m.id(), m.engineStatus() + (m.engineStatus().ready() && !measured ? " (measuring speed)" : ""));
      allReady &= m.engineStatus().ready() && measured; // unmeasured models can't be routed to yet
    }
    return allReady ? Status.OK(data) : Status.KO(data);
  }
}
