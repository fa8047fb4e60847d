package dev.mesh.protocol.routing;

import dev.mesh.protocol.task.RouteNote;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One node as routing saw it: its best eligible model with estimated seconds, joules (null when
 * its watts are unknown) and score under the objective; or, when it is out, {@code excludedBy} (words for
 * people) and {@code out} (the codes, for decisions: several when each of its models was out for another reason).
 */
public record Candidate(
    String nodeId,
    String nodeName,
    String modelId,
    Double estimatedSeconds,
    Double estimatedJoules,
    Double score,
    String excludedBy,
    Set<RouteNote.Out> out) {

  public Candidate {
    Objects.requireNonNull(nodeId, "nodeId must not be null");
    out = out == null ? Set.of() : Set.copyOf(out);
  }

  static Candidate eligible(String nodeId, String nodeName, String modelId, double seconds, Double joules,
      double score) {
    return new Candidate(nodeId, nodeName, modelId, seconds, joules, score, null, Set.of());
  }

  static Candidate excluded(String nodeId, String nodeName, List<Exclusion> why) {
    String text = why.isEmpty() ? "no reason" : why.stream().map(Exclusion::text).collect(Collectors.joining("; "));
    Set<RouteNote.Out> codes = why.stream().map(Exclusion::code).collect(Collectors.toSet());
    return new Candidate(nodeId, nodeName, null, null, null, null, text, codes);
  }

  /** Whether it was out for this reason only (for every one of its models). */
  public boolean outOnlyFor(RouteNote.Out code) {
    return out.equals(Set.of(code));
  }

  public boolean eligible() {
    return excludedBy == null;
  }

  /** The name people know the node by: its name, else its id. */
  public String label() {
    return nodeName == null || nodeName.isBlank() ? nodeId : nodeName;
  }
}
