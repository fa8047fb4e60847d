package dev.mesh.protocol.routing;

import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.task.RouteNote;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of routing: every node considered (eligible ones best first, then the excluded
 * ones by id) and the one chosen, null when no node can run the task; {@code heldBack}: cloud models that could
 * have served it but were kept out because a local or LAN model serves it.
 */
public record RouteDecision(Objective objective, List<Candidate> candidates, Candidate chosen, List<String> heldBack) {
  /** Error code when no node can run a task; belongs in ErrorCodes (answered with 503). */
  public static final String NO_CAPABLE_NODE = ErrorCodes.NO_CAPABLE_NODE;

  public RouteDecision {
    heldBack = heldBack == null ? List.of() : List.copyOf(heldBack);
    Objects.requireNonNull(objective, "objective must not be null");
    candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates must not be null"));
    if (chosen != null && (!chosen.eligible() || !candidates.contains(chosen))) {
      throw new IllegalArgumentException("chosen must be an eligible member of candidates: " + chosen);
    }
  }

  public RouteDecision(Objective objective, List<Candidate> candidates, Candidate chosen) {
    this(objective, candidates, chosen, List.of());
  }

  /** The same decision, naming the cloud models local first kept out of it (they could have served the task). */
  RouteDecision withHeldBack(List<String> cloudModels) {
    return new RouteDecision(objective, candidates, chosen, cloudModels);
  }

  /** The same candidates with another of the eligible ones chosen (a baseline policy's pick). */
  RouteDecision withChosen(Candidate other) {
    return new RouteDecision(objective, candidates, other, heldBack);
  }

  public boolean routable() {
    return chosen != null;
  }

  /** One line, chosen first: "macmini: est 0.71 s (chosen, fastest); imac: excluded: draining". */
  public String explain() {
    if (candidates.isEmpty()) {
      return "no capable node; no node has advertised itself";
    }
    List<Candidate> ordered = new ArrayList<>();
    if (chosen != null) {
      ordered.add(chosen);
    }
    candidates.stream().filter(c -> !c.equals(chosen)).forEach(ordered::add);
    String line = ordered.stream().map(this::describe).collect(Collectors.joining("; "));
    if (!heldBack.isEmpty()) {
      line += "; cloud held back: " + String.join(", ", heldBack) + " (a local or LAN model serves this; allowCloud"
          + " lets cloud models compete)";
    }
    return routable() ? line : "no capable node; " + line;
  }

  /** The decision in structured form, for the task's {@code routed} hop. */
  public RouteNote note() {
    return new RouteNote(objective.wire(), candidates.stream().map(c -> new RouteNote.Option(c.label(),
        c.estimatedSeconds(), c.equals(chosen), c.out(), c.modelId())).toList());
  }

  /** The error for a task no node can run, naming every node and why it is out. */
  public ApiError noCapableNode() {
    if (routable()) {
      throw new IllegalStateException("a node was chosen (" + chosen.label() + "); there is no error to report");
    }
    String why = candidates.isEmpty()
        ? "no node has advertised itself"
        : candidates.stream().map(c -> c.label() + " (" + c.excludedBy() + ")").collect(Collectors.joining(", "));
    return ApiError.of(NO_CAPABLE_NODE, "no node can run this task: " + why);
  }

  private String describe(Candidate c) {
    if (!c.eligible()) {
      return c.label() + ": excluded: " + c.excludedBy();
    }
    String chosenMark = c.equals(chosen) ? " (chosen, " + objective.wire() + ")" : "";
    return c.label() + ": " + estimate(c) + chosenMark;
  }

  private String estimate(Candidate c) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "est %.2f s", c.estimatedSeconds()));
    if (objective != Objective.FASTEST) {
      s.append(c.estimatedJoules() == null
          ? ", energy unknown" : String.format(Locale.ROOT, ", %.1f J", c.estimatedJoules()));
    }
    if (objective == Objective.GREENEST && c.estimatedJoules() == null) {
      s.append(" (ranked after nodes with known watts)");
    }
    if (objective == Objective.BALANCED) {
      s.append(String.format(Locale.ROOT, ", score %.2f", c.score()));
    }
    return s.toString();
  }
}
