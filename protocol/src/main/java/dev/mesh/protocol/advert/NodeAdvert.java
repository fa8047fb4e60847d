package dev.mesh.protocol.advert;

import dev.mesh.protocol.json.MeshJson;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a node tells the mesh about itself (docs/architecture.md, adverts). Republished on change and on
 * a heartbeat; {@code sequence} grows with every publication so readers keep the newest. {@code cloudSpend}: what its
 * cloud remotes used today (null: nothing to say), for the mesh's daily cloud budget.
 */
public record NodeAdvert(
    int schema,
    String id,
    String name,
    String host,
    String version,
    Instant startedAt,
    Platform platform,
    Memory memory,
    List<ModelInfo> models,
    LocalEngine engine,
    Load load,
    Power power,
    NodeState state,
    String stateReason,
    Transports transports,
    long sequence,
    Instant timestamp,
    CloudSpend cloudSpend) {

  public NodeAdvert {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    // An advert written without "schema" predates nothing: read it as the current version.
    schema = schema == 0 ? MeshJson.SCHEMA_VERSION : schema;
    models = models == null ? List.of() : List.copyOf(models);
  }

  /** An advert that says nothing of cloud spending (a node without cloud remotes, or from before budgets). */
  public NodeAdvert(int schema, String id, String name, String host, String version, Instant startedAt,
      Platform platform, Memory memory, List<ModelInfo> models, LocalEngine engine, Load load, Power power,
      NodeState state, String stateReason, Transports transports, long sequence, Instant timestamp) {
    this(schema, id, name, host, version, startedAt, platform, memory, models, engine, load, power, state, stateReason,
        transports, sequence, timestamp, null);
  }

  public boolean up() {
    return state == NodeState.UP;
  }

  public NodeAdvert withLoad(Load newLoad, Instant now) {
    return new NodeAdvert(schema, id, name, host, version, startedAt, platform, memory, models, engine,
        newLoad, power, state, stateReason, transports, sequence + 1, now, cloudSpend);
  }

  public NodeAdvert withMemory(Memory newMemory, Instant now) {
    return new NodeAdvert(schema, id, name, host, version, startedAt, platform, newMemory, models, engine,
        load, power, state, stateReason, transports, sequence + 1, now, cloudSpend);
  }

  public NodeAdvert withModels(List<ModelInfo> newModels, Instant now) {
    return new NodeAdvert(schema, id, name, host, version, startedAt, platform, memory, newModels, engine,
        load, power, state, stateReason, transports, sequence + 1, now, cloudSpend);
  }

  public NodeAdvert withState(NodeState newState, String reason, Instant now) {
    Objects.requireNonNull(newState, "state must not be null");
    return new NodeAdvert(schema, id, name, host, version, startedAt, platform, memory, models, engine,
        load, power, newState, reason, transports, sequence + 1, now, cloudSpend);
  }
}
