package dev.mesh.node.cluster;

import dev.mesh.node.security.MeshSecurity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What status, health, metrics and the dashboard say about the mesh key: whether one seals (its id, never the key),
 * what was refused, and which members are strangers.
 */
public final class SecurityReport {
  private final MeshSecurity security;
  private final Strangers strangers;
  private final Clock clock;
  private final String api;

  /** @param api who may call the API: "keys", "this machine only", or "open to the network (http.allowOpen)" */
  public SecurityReport(MeshSecurity security, Strangers strangers, String api, Clock clock) {
    this.api = api;
    this.security = security;
    this.strangers = strangers;
    this.clock = clock;
  }

  /** The {@code security} part of {@code /cluster/status}. */
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("meshKey", security.sealing().keyed() ? "on" : "off");
    s.put("api", api);
    s.put("keyId", security.sealing().keyId().orElse(null));
    Map<String, Long> counts = new LinkedHashMap<>();
    security.untrusted().counts().forEach((kind, n) -> {
      if (n > 0) {
        counts.put(kind.wire(), n);
      }
    });
    s.put("untrustedMessages", counts);
    s.put("strangers", strangers().stream().map(this::stranger).toList());
    s.put("recentRefusals", security.untrusted().recent().stream().map(r -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", r.kind().wire());
      m.put("where", r.where());
      m.put("reason", r.reason().wire());
      m.put("detail", r.detail());
      m.put("at", r.at().toString());
      return m;
    }).toList());
    return s;
  }

  /** The {@code security} check of {@code /health}: up (a stranger is news, not a fault of this node). */
  public JsonObject health() {
    return new JsonObject().put("meshKey", security.sealing().keyed() ? "on" : "off").put("api", api)
        .put("untrustedMessages", security.untrusted().total())
        .put("strangers", new JsonArray(strangers().stream().map(m -> (Object) new JsonObject(stranger(m))).toList()));
  }

  public List<ClusterMember> strangers() {
    return strangers.now();
  }

  public MeshSecurity security() {
    return security;
  }

  private Map<String, Object> stranger(ClusterMember m) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("member", m.nodeId());
    s.put("address", m.address());
    s.put("lite", m.lite());
    s.put("secondsSinceJoined", Duration.between(m.firstSeen(), clock.instant()).toSeconds());
    return s;
  }
}
