package dev.mesh.node.library;

import dev.mesh.node.library.FoundModel.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models already on this machine's disk, used where they lie, and those seen but unusable with why.
 *
 * @param found   sorted by name, each name once
 * @param skipped in the order they were seen: Ollama's, then each folder's in turn, then duplicate names
 */
public record Discovery(List<FoundModel> found, List<SkippedModel> skipped) {

  public static final Discovery EMPTY = new Discovery(List.of(), List.of());
  /** Case-insensitive for people reading the list, then exact so the order is total. */
  static final Comparator<FoundModel> BY_NAME = Comparator.comparing(FoundModel::name, String.CASE_INSENSITIVE_ORDER)
      .thenComparing(FoundModel::name);
  private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

  public Discovery {
    found = List.copyOf(Objects.requireNonNull(found, "found"));
    skipped = List.copyOf(Objects.requireNonNull(skipped, "skipped"));
  }

  /**
   * Lists Ollama's store (unless turned off) and the folders, never throwing for what is on disk: each problem is
   * one skipped entry, logged once here. A name seen twice keeps the first — Ollama's, then folders in listed order.
   * Blocking: reads every model's GGUF header, so call it on a worker.
   */
  public static Discovery run(LibrarySettings settings, Map<String, String> env, Path home) {
    Discovery all = ollama(settings, env, home).then(GgufFolders.list(settings.dirs())).firstOfEachName();
    for (SkippedModel s : all.skipped()) {
      LOG.warn("{} model skipped: {}: {}", s.source().wire(), s.where(), s.reason());
    }
    return all;
  }

  private static Discovery ollama(LibrarySettings settings, Map<String, String> env, Path home) {
    if (!settings.ollama()) {
      return EMPTY;
    }
    Path override = settings.ollamaModels();
    if (override == null) {
      return OllamaStore.locate(env, home).map(OllamaStore::models).orElse(EMPTY);
    }
    if (!Files.isDirectory(override)) {
      // named on purpose, so not silently replaced by another store
      return new Discovery(List.of(), List.of(new SkippedModel(Source.OLLAMA, override.toString(),
          "the configured Ollama models folder does not exist or is not a folder")));
    }
    return OllamaStore.at(override).models();
  }

  private Discovery then(Discovery next) {
    List<FoundModel> f = new ArrayList<>(found);
    f.addAll(next.found());
    List<SkippedModel> s = new ArrayList<>(skipped);
    s.addAll(next.skipped());
    return new Discovery(f, s);
  }

  private Discovery firstOfEachName() {
    Map<String, FoundModel> byName = new HashMap<>();
    List<FoundModel> kept = new ArrayList<>();
    List<SkippedModel> s = new ArrayList<>(skipped);
    for (FoundModel model : found) {
      FoundModel first = byName.putIfAbsent(model.name(), model);
      if (first == null) {
        kept.add(model);
      } else {
        s.add(new SkippedModel(model.source(), model.path().toString(), "name already used by " + first.path()));
      }
    }
    kept.sort(BY_NAME);
    return new Discovery(kept, s);
  }
}
