package dev.mesh.node.advert;

import dev.mesh.protocol.advert.CloudSpend;
import dev.mesh.protocol.advert.ModelInfo;
import java.util.List;
import java.util.function.Supplier;

/** What the node's remote engines add to its advert: their models as they stand, and today's cloud spending (or null). */
public record RemotePart(Supplier<List<ModelInfo>> models, Supplier<CloudSpend> cloudSpend) {
  public static final RemotePart NONE = new RemotePart(List::of, () -> null);
}
