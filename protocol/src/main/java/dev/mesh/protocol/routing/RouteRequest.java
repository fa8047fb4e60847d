package dev.mesh.protocol.routing;

import dev.mesh.protocol.task.Priority;
import dev.mesh.protocol.task.Requirements;
import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskRequest;
import java.util.Objects;

/**
 * What routing needs to know about a task: its kind, the model (id or alias), family or tier asked for (null
 * when any will do), estimated tokens in and out, the least context it needs, the objective, whether it must stay
 * on the user's machines ({@code localOnly}), whether cloud models may compete with local ones
 * ({@code allowCloud}; else they serve it only when nothing local or on the LAN can), and its priority class (it waits
 * behind the work queued in its own class and above, not below).
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
    String tier,
    boolean allowCloud,
    Priority priority) {

  public RouteRequest {
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(objective, "objective must not be null");
    Objects.requireNonNull(priority, "priority must not be null");
    if (promptTokens < 0 || maxTokens < 0 || minContext < 0) {
      throw new IllegalArgumentException("token counts must not be negative: promptTokens " + promptTokens
          + ", maxTokens " + maxTokens + ", minContext " + minContext);
    }
    model = blankToNull(model);
    family = blankToNull(family);
    tier = blankToNull(tier);
  }

  public RouteRequest(TaskKind kind, String model, String family, int promptTokens, int maxTokens, int minContext,
      boolean localOnly, Objective objective, String tier, boolean allowCloud) {
    this(kind, model, family, promptTokens, maxTokens, minContext, localOnly, objective, tier, allowCloud,
        Priority.NORMAL);
  }

  public RouteRequest(TaskKind kind, String model, String family, int promptTokens, int maxTokens, int minContext,
      boolean localOnly, Objective objective) {
    this(kind, model, family, promptTokens, maxTokens, minContext, localOnly, objective, null);
  }

  public RouteRequest(TaskKind kind, String model, String family, int promptTokens, int maxTokens, int minContext,
      boolean localOnly, Objective objective, String tier) {
    this(kind, model, family, promptTokens, maxTokens, minContext, localOnly, objective, tier, false);
  }

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
        TokenEstimate.maxTokens(req), minContext, r.localOnly(), objective, r.tier(), r.allowCloud(),
        req.priorityOrNormal());
  }

  /** Context a model must hold: prompt plus generated tokens, or minContext when larger. */
  public long neededContext() {
    return Math.max((long) promptTokens + maxTokens, minContext);
  }

  /** The same task held to one model (id or alias): where else that model could run it. */
  public RouteRequest withModel(String modelIdOrAlias) {
    return new RouteRequest(kind, modelIdOrAlias, family, promptTokens, maxTokens, minContext, localOnly, objective,
        tier, allowCloud, priority);
  }

  public RouteRequest withObjective(Objective newObjective) {
    return new RouteRequest(kind, model, family, promptTokens, maxTokens, minContext, localOnly, newObjective, tier,
        allowCloud, priority);
  }

  /**
   * The same task with any model of its kind welcome: what a task bound for a remote that is out runs on instead
   * (never a cloud model: the cloud is what is out, or what the budget no longer pays for).
   */
  public RouteRequest anyModel() {
    return new RouteRequest(kind, null, null, promptTokens, maxTokens, minContext, true, objective, null, false,
        priority);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
