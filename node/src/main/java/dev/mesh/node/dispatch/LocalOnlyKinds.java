package dev.mesh.node.dispatch;

import dev.mesh.protocol.task.Requirements;
import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskRequest;
import java.util.List;
import java.util.Set;

/**
 * The kinds that stay on the household's machines unless a task allows the cloud ({@code routing.localOnlyKinds}):
 * marked on the task as it enters, so every node that routes it afterwards keeps it so, whatever its own config.
 */
public record LocalOnlyKinds(Set<TaskKind> kinds) {
  public static final LocalOnlyKinds NONE = new LocalOnlyKinds(Set.of());

  public LocalOnlyKinds {
    kinds = Set.copyOf(kinds);
  }

  public static LocalOnlyKinds of(List<String> wireNames) {
    return new LocalOnlyKinds(Set.copyOf(wireNames.stream().map(TaskKind::parse).toList()));
  }

  /** The request, local only when its kind is one of these and it did not say allowCloud. */
  public TaskRequest apply(TaskRequest request) {
    Requirements r = request.requirementsOrNone();
    if (request.kind() == null || !kinds.contains(request.kind()) || r.localOnly() || r.allowCloud()) {
      return request;
    }
    return request.withRequirements(r.withLocalOnly());
  }
}
