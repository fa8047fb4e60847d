package dev.mesh.node.dispatch;

import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.routing.Candidate;
import dev.mesh.protocol.routing.RouteDecision;
import java.util.List;
import java.util.Optional;

/**
 * A task that only a remote that is out could serve: what it wanted (the model routing would choose were every
 * remote up) and why that remote can't have it now. Read from the adverts' structured fields, never from words.
 */
record RemoteOutage(String wanted, String reason) {

  /** @param ignoringOutages the decision routing made as if every remote were up */
  static Optional<RemoteOutage> of(RouteDecision ignoringOutages, List<NodeAdvert> live) {
    if (!ignoringOutages.routable()) {
      return Optional.empty();
    }
    Candidate chosen = ignoringOutages.chosen();
    return live.stream().filter(a -> a.id().equals(chosen.nodeId())).findFirst()
        .flatMap(a -> a.models().stream().filter(m -> chosen.modelId() != null && chosen.modelId().equals(m.id()))
            .findFirst())
        .filter(ModelInfo::viaRemote)
        .flatMap(m -> Optional.ofNullable(m.remote().unavailableBecause()).map(why -> new RemoteOutage(m.id(), why)));
  }
}
