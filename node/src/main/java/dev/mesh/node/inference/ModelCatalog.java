package dev.mesh.node.inference;

import dev.mesh.protocol.task.TaskRequest;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The models this node serves, and which one a request means (its model name, or the first). */
public final class ModelCatalog implements AutoCloseable {
  private final List<LocalModel> models;
  private final String whyEmpty;

  /** @param whyEmpty what to tell callers when there are no models (e.g. the engine probe's reason) */
  public ModelCatalog(List<LocalModel> models, String whyEmpty) {
    this.models = List.copyOf(models);
    this.whyEmpty = whyEmpty;
  }

  /** Why this node runs no model, or null when it runs some. */
  public String whyEmpty() {
    return models.isEmpty() ? whyEmpty : null;
  }

  public List<LocalModel> all() {
    return models;
  }

  public Optional<LocalModel> forRequest(TaskRequest request) {
    String wanted = request.requestedModel();
    if (wanted == null) {
      return models.stream().findFirst();
    }
    return models.stream().filter(m -> m.id().equals(wanted)).findFirst();
  }

  public Optional<LocalModel> byId(String id) {
    return models.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  public String ids() {
    return models.stream().map(LocalModel::id).collect(Collectors.joining(", "));
  }

  @Override
  public void close() {
    models.forEach(LocalModel::close);
  }
}
