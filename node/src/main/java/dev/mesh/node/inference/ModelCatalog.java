package dev.mesh.node.inference;

import dev.mesh.protocol.task.TaskRequest;
import java.util.List;
import java.util.Optional;

/** The models this node serves, and which one a request means (its model name, or the first). */
public final class ModelCatalog implements AutoCloseable {
  private final List<LocalModel> models;

  public ModelCatalog(List<LocalModel> models) {
    this.models = List.copyOf(models);
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

  @Override
  public void close() {
    models.forEach(LocalModel::close);
  }
}
