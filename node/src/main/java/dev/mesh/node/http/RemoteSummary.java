package dev.mesh.node.http;

import dev.mesh.protocol.advert.CloudSpend;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.advert.Remote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mesh's remote engines at a glance, for {@code /cluster/status}: one entry per remote and the node that owns
 * it — api, network, circuit (with why and until when, while out), its models — read from the live adverts; and
 * today's cloud spending summed over them.
 */
final class RemoteSummary {
  private RemoteSummary() {}

  static List<Map<String, Object>> of(List<NodeAdvert> nodes) {
    Map<String, Map<String, Object>> byRemote = new LinkedHashMap<>();
    for (NodeAdvert a : nodes) {
      for (ModelInfo m : a.models()) {
        if (!m.viaRemote()) {
          continue;
        }
        Remote r = m.remote();
        Map<String, Object> entry = byRemote.computeIfAbsent(a.name() + "/" + r.name(), k -> header(a, r));
        @SuppressWarnings("unchecked")
        List<String> models = (List<String>) entry.get("models");
        models.add(m.id());
      }
    }
    return new ArrayList<>(byRemote.values());
  }

  private static Map<String, Object> header(NodeAdvert owner, Remote r) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("name", r.name());
    e.put("node", owner.name());
    e.put("api", r.api());
    e.put("network", r.network().wire());
    e.put("circuit", r.circuit().wire());
    if (r.outage() != null) {
      e.put("outage", r.outage());
    }
    if (r.openUntil() != null) {
      e.put("openUntil", r.openUntil().toString());
    }
    e.put("budgetSpent", r.budgetSpent());
    e.put("models", new ArrayList<String>());
    return e;
  }

  /** Cloud spending over the live nodes that report it, per UTC day: {@code {day, tokens, cost}} summed. */
  static Map<String, CloudSpend> cloudSpend(List<NodeAdvert> nodes) {
    Map<String, CloudSpend> byDay = new LinkedHashMap<>();
    for (NodeAdvert a : nodes) {
      CloudSpend s = a.cloudSpend();
      if (s != null && s.day() != null) {
        byDay.merge(s.day(), s, (x, y) -> new CloudSpend(x.day(), x.tokens() + y.tokens(), x.cost() + y.cost()));
      }
    }
    return byDay;
  }
}
