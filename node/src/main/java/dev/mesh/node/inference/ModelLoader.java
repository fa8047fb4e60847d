package dev.mesh.node.inference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads models when tasks need them and there is room ({@link RamAdmission}), unloading idle ones to make it;
 * remembers the models waiting for room and tries them again when a model goes idle or unloads. Call on the
 * node's context.
 */
public final class ModelLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

  private final ModelCatalog models;
  private final Supplier<RamAdmission.Room> room;
  private final Set<String> waiting = new LinkedHashSet<>();
  private final Set<String> making = new HashSet<>();
  private final Executor blocking;
  private final Executor onContext;
  private Predicate<LocalModel> busy = m -> false;

  /**
   * @param blocking  runs unloads (an engine process's end is waited for: never on an event loop)
   * @param onContext runs the load that follows back on the node's context
   */
  public ModelLoader(ModelCatalog models, Supplier<RamAdmission.Room> room, Executor blocking, Executor onContext) {
    this.models = models;
    this.room = room;
    this.blocking = blocking;
    this.onContext = onContext;
  }

  /** What keeps a model loaded: running, or work queued for it. */
  public void busyWhen(Predicate<LocalModel> isBusy) {
    this.busy = isBusy;
  }

  /**
   * A task waits for this unloaded model: it starts loading now if it fits (idle models unloaded first), or
   * waits for room. Empty when it is loading or waiting; the reason when it can never fit here.
   */
  public Optional<String> request(LocalModel model) {
    if (model.loaded() || making.contains(model.id())) {
      return Optional.empty();
    }
    if (!making.isEmpty()) { // room is being made for another: plan again once it is loading
      waiting.add(model.id());
      return Optional.empty();
    }
    RamAdmission.Plan plan = plan(model, busy);
    switch (plan.kind()) {
      case LOAD -> {
        waiting.remove(model.id());
        List<LocalModel> victims = models.all().stream().filter(m -> plan.unload().contains(m.id())).toList();
        if (victims.isEmpty()) {
          load(model, plan);
          return Optional.empty();
        }
        making.add(model.id());
        victims.forEach(victim -> LOG.info("unloading model {} (idle, {} MiB) to make room for {}", victim.id(),
            victim.heldBytes() >> 20, model.id()));
        List<Runnable> endings = victims.stream().map(LocalModel::detach).toList(); // no task starts on them now
        CompletableFuture.runAsync(() -> endings.forEach(Runnable::run), blocking)
            .whenComplete((done, error) -> onContext.execute(() -> {
              making.remove(model.id());
              load(model, plan);
              retryWaiting();
            }));
        return Optional.empty();
      }
      case WAIT -> {
        if (waiting.add(model.id())) {
          LOG.info("{}", plan.why());
        }
        return Optional.empty();
      }
      default -> {
        waiting.remove(model.id());
        return Optional.of(plan.why());
      }
    }
  }

  private static void load(LocalModel model, RamAdmission.Plan plan) {
    LOG.info("loading model {} ({})", model.id(), plan.why());
    model.load();
  }

  /** A model went idle or unloaded: those waiting for room may fit now. */
  public void retryWaiting() {
    for (String id : new ArrayList<>(waiting)) {
      models.all().stream().filter(m -> m.id().equals(id)).findFirst().ifPresent(this::request);
    }
  }

  private RamAdmission.Plan plan(LocalModel target, Predicate<LocalModel> isBusy) {
    List<RamAdmission.Model> all = models.all().stream().map(m -> RamAdmission.Model.of(m, isBusy.test(m))).toList();
    return RamAdmission.plan(RamAdmission.Model.of(target, isBusy.test(target)), all, room.get());
  }

  /**
   * At start: loads, in config order, each configured model that fits beside those before it without unloading
   * any. Models found on disk load when a task needs them — unless none loaded, when the smallest that fits does,
   * so the node measures its speed (the others' are scaled from it).
   */
  public List<LocalModel> loadWhatFits() {
    List<LocalModel> loading = new ArrayList<>();
    List<LocalModel> named = models.all().stream().filter(m -> !m.file().origin().discovered()).toList();
    List<LocalModel> found = models.all().stream().filter(m -> m.file().origin().discovered())
        .sorted(java.util.Comparator.comparingLong(LocalModel::needBytes)).toList();
    for (LocalModel model : named.isEmpty() ? found.stream().limit(1).toList() : named) {
      RamAdmission.Plan plan = plan(model, m -> true);
      if (plan.kind() == RamAdmission.Kind.LOAD) {
        model.load();
        loading.add(model);
      } else {
        LOG.info("model {} is not loaded at start: {}", model.id(), plan.kind() == RamAdmission.Kind.NEVER
            ? plan.why() : "it does not fit beside the models loaded before it; it loads when a task needs it");
      }
    }
    return loading;
  }
}
