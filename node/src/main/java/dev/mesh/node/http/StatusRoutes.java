package dev.mesh.node.http;

import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.json.MeshJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /cluster/status}: this node's advert and its task counts (the mesh view comes with clustering). */
final class StatusRoutes {
  private final Supplier<NodeAdvert> advert;
  private final TaskStore store;

  StatusRoutes(Supplier<NodeAdvert> advert, TaskStore store) {
    this.advert = advert;
    this.store = store;
  }

  void mount(Router router) {
    router.get("/cluster/status").handler(this::status);
  }

  private void status(RoutingContext ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schema", MeshJson.SCHEMA_VERSION);
    NodeAdvert self = advert.get();
    body.put("self", self.id());
    body.put("nodes", List.of(self));
    Map<String, Integer> tasks = new LinkedHashMap<>();
    store.countsByState().forEach((state, n) -> tasks.put(state.name().toLowerCase(), n));
    body.put("tasks", tasks);
    try {
      ctx.response().putHeader("content-type", "application/json")
          .end(Buffer.buffer(MeshJson.mapper().writeValueAsBytes(body)));
    } catch (Exception e) {
      HttpErrors.fail(ctx, e);
    }
  }
}
