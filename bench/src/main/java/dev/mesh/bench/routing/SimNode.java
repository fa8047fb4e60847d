package dev.mesh.bench.routing;

import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.routing.RouteRequest;
import java.util.List;

/** A node as the simulation sees it: the advert it published (speeds measured by the node itself). */
record SimNode(NodeAdvert advert) {

  String id() {
    return advert.id();
  }

  String name() {
    return advert.name();
  }

  /** Seconds one task takes here, as the router estimates it: prompt / prefill speed + max tokens / decode speed. */
  double seconds(RouteRequest task) {
    ModelInfo m = advert.models().get(0); // one model a node in this benchmark
    double decode = task.maxTokens() == 0 ? 0 : task.maxTokens() / m.decodeTokensPerSecond();
    return task.promptTokens() / m.prefillTokensPerSecond() + decode;
  }

  /** This node with another node's model speeds times {@code factor}: a what-if, never a measurement. */
  SimNode withSpeedsOf(SimNode other, double factor) {
    ModelInfo speeds = other.advert.models().get(0);
    List<ModelInfo> models = advert.models().stream().map(m -> new ModelInfo(m.id(), m.file(), m.architecture(),
        m.parameters(), m.quantization(), m.contextLength(), m.kinds(), m.estimatedRamBytes(),
        speeds.prefillTokensPerSecond() * factor, speeds.decodeTokensPerSecond() * factor, m.samples(),
        m.synthetic(), m.loaded(), m.residentBytes())).toList();
    return new SimNode(advert.withModels(models, advert.timestamp()));
  }
}
