package dev.mesh.node.http;

import dev.mesh.node.accuracy.EstimateAccuracy;
import dev.mesh.node.cluster.SecurityReport;
import dev.mesh.node.cluster.AdvertBook;
import dev.mesh.node.cluster.Membership;
import dev.mesh.node.cluster.Standing;
import dev.mesh.node.handoff.SharedFolder;
import dev.mesh.node.library.SkippedModel;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /cluster/status}: every live node's advert (this one first) with how this node hears it, this
 * node's standing (settled, or rejoining after a freeze), its transports (event bus; shared folder and what waits there), its task counts by state, and the tasks
 * it saw change last with their route and the reason for each step. The JSON is documented in the README.
 */
public final class StatusRoutes {
  static final int RECENT = 25;
  private final Vertx vertx;
  private final Supplier<NodeAdvert> advert;
  private final AdvertBook book;
  private final TaskStore store;
  private final Membership cluster;
  private final SharedFolder handoff;
  private final Standing standing;
  private final Clock clock;
  private final List<SkippedModel> skipped;

  private final SecurityReport security;
  private final EstimateAccuracy accuracy;

  public StatusRoutes(Vertx vertx, Supplier<NodeAdvert> advert, AdvertBook book, TaskStore store, Membership cluster,
      SharedFolder handoff, Standing standing, List<SkippedModel> skipped, Clock clock, SecurityReport security,
      EstimateAccuracy accuracy) {
    this.security = security;
    this.accuracy = accuracy;
    this.skipped = List.copyOf(skipped);
    this.vertx = vertx;
    this.advert = advert;
    this.book = book;
    this.store = store;
    this.cluster = cluster;
    this.handoff = handoff;
    this.standing = standing;
    this.clock = clock;
  }

  public void mount(Router router) {
    router.get("/cluster/status").handler(this::status);
  }

  private void status(RoutingContext ctx) {
    // counting what waits in a network folder may block: off the event loop
    vertx.executeBlocking(this::body, false)
        .onSuccess(body -> {
          try {
            ctx.response().putHeader("content-type", "application/json")
                .end(Buffer.buffer(MeshJson.mapper().writeValueAsBytes(body)));
          } catch (Exception e) {
            HttpErrors.fail(ctx, e);
          }
        })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schema", MeshJson.SCHEMA_VERSION);
    NodeAdvert self = advert.get();
    body.put("self", self.id());
    // a node merging back after the others dropped it answers 503 "rejoining" to submits: say so here too
    body.put("standing", standing.settled() ? "settled" : "rejoining");
    List<NodeAdvert> nodes = book.liveWith(self);
    body.put("nodes", nodes);
    body.put("heard", heard(self, nodes));
    body.put("remotes", RemoteSummary.of(nodes));
    body.put("cloudSpend", RemoteSummary.cloudSpend(nodes));
    body.put("transports", transports());
    body.put("security", security.status());
    Map<String, Integer> tasks = new LinkedHashMap<>();
    store.countsByState().forEach((state, n) -> tasks.put(state.wire(), n));
    body.put("tasks", tasks);
    // per model this node ran: how far routing's estimates were from the times its tasks took
    body.put("estimates", accuracy.byModel());
    body.put("recent", store.recent(RECENT).stream().map(StatusRoutes::summary).toList());
    // models found on this node's disk that it could not use (Ollama's store, library.dirs), each with why
    body.put("skippedModels", skipped.stream().map(s -> Map.of("source", s.source().wire(), "where", s.where(),
        "reason", s.reason())).toList());
    return body;
  }

  /** Per node name: whether it is a cluster member, how its advert arrives, and how long ago it last did. */
  private Map<String, Object> heard(NodeAdvert self, List<NodeAdvert> nodes) {
    Map<String, Object> heard = new LinkedHashMap<>();
    var members = cluster.members();
    for (NodeAdvert a : nodes) {
      boolean member = members.contains(AdvertBook.memberIdOf(a.id()));
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("member", a.id().equals(self.id()) ? cluster.clustered() : member);
      h.put("via", a.id().equals(self.id()) ? "self" : member ? "event bus" : "shared folder");
      h.put("secondsAgo", a.id().equals(self.id()) ? 0.0 : book.receivedAt(a.id())
          .map(at -> Duration.between(at, clock.instant()).toMillis() / 1000.0).orElse(null));
      heard.put(a.name(), h);
    }
    return heard;
  }

  private Map<String, Object> transports() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("eventBus", !cluster.clustered() ? "off (not in a cluster)"
        : "clustered, " + cluster.members().size() + " member(s)");
    if (!handoff.present()) {
      t.put("handoff", null);
    } else {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("dir", handoff.directory().toString());
      h.put("pending", handoff.pending());
      t.put("handoff", h);
    }
    return t;
  }

  /** A task as the status page lists it: where it went and why, and how long it took. */
  private static Map<String, Object> summary(TaskRecord r) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", r.id());
    s.put("kind", r.task().request().kind().wire());
    s.put("priority", r.task().request().priorityOrNormal().wire());
    s.put("state", r.state().wire());
    s.put("origin", r.task().origin());
    s.put("executedBy", r.result() == null ? null : r.result().executedBy());
    s.put("model", r.result() == null ? null : r.result().model());
    if (r.result() != null && r.result().degraded() != null) {
      s.put("degraded", r.result().degraded());
    }
    s.put("acceptedAt", r.task().acceptedAt());
    s.put("updatedAt", r.updatedAt());
    s.put("ms", Duration.between(r.task().acceptedAt(), r.updatedAt()).toMillis());
    List<Map<String, Object>> route = new ArrayList<>();
    for (Hop h : r.hops()) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("node", h.node());
      step.put("event", h.event().wire());
      step.put("reason", h.reason());
      route.add(step);
    }
    s.put("route", route);
    if (r.error() != null) {
      s.put("error", r.error().message());
    }
    return s;
  }
}
