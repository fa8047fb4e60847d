package dev.mesh.bench.routing;

import dev.mesh.protocol.advert.Load;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.routing.Objective;
import dev.mesh.protocol.routing.RouteDecision;
import dev.mesh.protocol.routing.RouteRequest;
import dev.mesh.protocol.routing.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * This mesh's router ({@link Router}, objective fastest), fed each node's real advert with its load replaced by
 * the simulated one: the backlog a node would advertise as tasks are assigned to it.
 */
final class RouterPolicy implements Policy {
  private final List<SimNode> nodes;

  RouterPolicy(List<SimNode> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  @Override
  public String name() {
    return "router";
  }

  @Override
  public int choose(RouteRequest task, List<Integer> capable, List<NodeLoad> loads) {
    List<NodeAdvert> adverts = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      NodeAdvert a = nodes.get(i).advert();
      NodeLoad l = loads.get(i);
      Load load = new Load(l.tasks() > 0 ? 1 : 0, Math.max(0, l.tasks() - 1), a.load().slots(), l.backlogSeconds());
      adverts.add(a.withLoad(load, a.timestamp()));
    }
    RouteDecision decision = Router.route(task.withObjective(Objective.FASTEST), adverts, Set.of());
    if (!decision.routable()) {
      throw new IllegalStateException("router found no node: " + decision.explain());
    }
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).id().equals(decision.chosen().nodeId())) {
        return i;
      }
    }
    throw new IllegalStateException("router chose an unknown node " + decision.chosen().nodeId());
  }
}
