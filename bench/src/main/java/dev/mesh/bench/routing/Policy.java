package dev.mesh.bench.routing;

import dev.mesh.protocol.routing.RouteRequest;
import java.util.List;

/** Where the next task goes. */
interface Policy {
  String name();

  /**
   * @param capable indices of the nodes that can run the task, ascending
   * @param loads   every node's load now, by index
   * @return the index of the chosen node, one of {@code capable}
   */
  int choose(RouteRequest task, List<Integer> capable, List<NodeLoad> loads);
}
