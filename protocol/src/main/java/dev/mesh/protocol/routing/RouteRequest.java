package dev.mesh.protocol.routing;

import dev.mesh.protocol.task.Requirements;
import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskRequest;
import java.util.Objects;

/**
 * What routing needs to know about a task: its kind, the model (id or alias), family or tier asked for (null
 * when any will do), estimated tokens in and out, the least context it needs, and the objective.
 */
public record RouteRequest(
    TaskKind kind,
    String model,
    String family,
    int promptTokens,
    int maxTokens,
    int minContext,
    boolean localOnly,
    Objective objective,
    String tier) {

  public RouteRequest {
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(objective, "objective must not be null");
    if (promptTokens < 0 || maxTokens < 0 || minContext < 0) {
      throw new IllegalArgumentException("token counts must not be negative: promptTokens " + promptTokens
          + ", maxTokens " + maxTokens + ", minContext " + minContext);
    }
    model = blankToNull(model);
    family = blankToNull(family);
    tier = blankToNull(tier);
  }

  public RouteRequest(TaskKind kind, String model, String family, int promptTokens, int maxTokens, int minContext,
      boolean localOnly, Objective objective) {
    this(kind, model, family, promptTokens, maxTokens, minContext, localOnly, objective, null);
  }

  /**
   * Routing terms of a validated request. Tasks carry no objective of their own yet, so the
   * node's configured default always applies.
   */
  /** The task's own objective ({@code requirements.objective}) wins over the node's default. */
  public static RouteRequest of(TaskRequest req, Objective defaultObjective) {
    Objects.requireNonNull(req, "req must not be null");
    Objects.requireNonNull(defaultObjective, "defaultObjective must not be null");
    if (req.kind() == null) {
      throw new IllegalArgumentException("req.kind must not be null; validate the request first");
    }
    Requirements r = req.requirementsOrNone();
    int minContext = r.minContext() == null ? 0 : Math.max(0, r.minContext());
    Objective objective = r.objective() == null ? defaultObjective : Objective.parse(r.objective());
    return new RouteRequest(req.kind(), req.requestedModel(), r.family(), TokenEstimate.promptTokens(req),
        TokenEstimate.maxTokens(req), minContext, r.localOnly(), objective, r.tier());
  }

  /** Context a model must hold: prompt plus generated tokens, or minContext when larger. */
  public long neededContext() {
    return Math.max((long) promptTokens + maxTokens, minContext);
  }

  public RouteRequest withObjective(Objective newObjective) {
    return new RouteRequest(kind, model, family, promptTokens, maxTokens, minContext, localOnly, newObjective, tier);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
