package dev.mesh.protocol.routing;

import java.util.Objects;

/**
 * One node as routing saw it: its best eligible model with estimated seconds, joules (null when
 * its watts are unknown) and score under the objective; or, when it is out, {@code excludedBy}.
 */
public record Candidate(
    String nodeId,
    String nodeName,
    String modelId,
    Double estimatedSeconds,
    Double estimatedJoules,
    Double score,
    String excludedBy) {

  public Candidate {
    Objects.requireNonNull(nodeId, "nodeId must not be null");
  }

  static Candidate excluded(String nodeId, String nodeName, String reason) {
    return new Candidate(nodeId, nodeName, null, null, null, null, reason);
  }

  public boolean eligible() {
    return excludedBy == null;
  }

  /** The name people know the node by: its name, else its id. */
  public String label() {
    return nodeName == null || nodeName.isBlank() ? nodeId : nodeName;
  }
}
