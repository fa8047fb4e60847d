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

/** {@code GET /cluster/status}: every live node's advert (this one first) and this node's task counts. */
final class StatusRoutes {
  private final Supplier<NodeAdvert> advert;
  private final Supplier<List<NodeAdvert>> mesh;
  private final TaskStore store;

  StatusRoutes(Supplier<NodeAdvert> advert, Supplier<List<NodeAdvert>> mesh, TaskStore store) {
    this.advert = advert;
    this.mesh = mesh;
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
    List<NodeAdvert> nodes = new java.util.ArrayList<>(List.of(self));
    mesh.get().stream().filter(a -> !a.id().equals(self.id()))
        .sorted(java.util.Comparator.comparing(NodeAdvert::name)).forEach(nodes::add);
    body.put("nodes", nodes);
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
