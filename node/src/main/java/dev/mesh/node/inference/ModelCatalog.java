package dev.mesh.node.inference;

import dev.mesh.node.library.SkippedModel;
import dev.mesh.protocol.advert.ModelNames;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import java.util.List;
import java.util.Optional;

/**
 * The models this node serves, and which one runs a task: the one routing chose for it; else the one it names
 * (id or alias); else the first, in config order, that serves its kind (and tier, when it asks for one).
 */
public final class ModelCatalog implements AutoCloseable {
  private final List<LocalModel> models;
  private final List<SkippedModel> skipped;

  public ModelCatalog(List<LocalModel> models) {
    this(models, List.of());
  }

  /** @param skipped models found on disk that could not be used, with why (for {@code /cluster/status}) */
  public ModelCatalog(List<LocalModel> models, List<SkippedModel> skipped) {
    this.models = List.copyOf(models);
    this.skipped = List.copyOf(skipped);
  }

  public List<LocalModel> all() {
    return models;
  }

  public List<SkippedModel> skipped() {
    return skipped;
  }

  /**
   * The model for a task held here: the one routing chose, when its route names one — none if that is not a model of
   * this node's engine (a remote's: its runner's, or out since); only a task whose route names no model (recorded
   * before routes named them) falls back to {@link #forRequest}. Another local model in the chosen one's place would
   * run the task unlabelled, as if it were what was wanted.
   */
  public Optional<LocalModel> forRecord(TaskRecord record) {
    TaskRequest request = record.task().request();
    Optional<String> routed = record.routedModel();
    return routed.isPresent()
        ? routed.flatMap(this::named).filter(m -> m.file().roles().serves(request.kind()))
        : forRequest(request);
  }

  public Optional<LocalModel> forRequest(TaskRequest request) {
    String wanted = request.requestedModel();
    if (wanted != null) {
      return named(wanted);
    }
    String tier = request.requirementsOrNone().tier();
    return models.stream().filter(m -> m.file().roles().serves(request.kind()))
        .filter(m -> tier == null || tier.equals(m.file().roles().tier())).findFirst();
  }

  private Optional<LocalModel> named(String name) {
    return models.stream().filter(m -> ModelNames.answersTo(name, m.id(), m.file().roles().aliases())).findFirst();
  }

  @Override
  public void close() {
    models.forEach(LocalModel::close);
  }
}
