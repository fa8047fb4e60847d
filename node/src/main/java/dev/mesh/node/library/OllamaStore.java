package dev.mesh.node.library;

import dev.mesh.node.library.FoundModel.Source;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ollama's model store, read where it lies: {@code manifests/<registry>/<namespace>/<name>/<tag>} name the
 * blobs under {@code blobs/}, and the blob of each manifest's model layer is a GGUF the mesh can load as is.
 * Blocking: call it off the event loop.
 */
public final class OllamaStore {

  public static final String MODELS_ENV = "OLLAMA_MODELS";
  /** Where the Linux install script's service user keeps its models. */
  public static final Path SYSTEM_STORE = Path.of("/usr/share/ollama/.ollama/models");
  static final String DEFAULT_REGISTRY = "registry.ollama.ai";
  static final String DEFAULT_NAMESPACE = "library";
  /** registry / namespace / name / tag */
  private static final int MANIFEST_DEPTH = 4;

  private final Path root;
  private final Path blobs;

  private OllamaStore(Path root) {
    this.root = root;
    this.blobs = root.resolve("blobs");
  }

  /** The store at {@code root}, which the caller has checked is a folder. */
  public static OllamaStore at(Path root) {
    return new OllamaStore(root);
  }

  /** The store Ollama would use: the first folder of $OLLAMA_MODELS, ~/.ollama/models, the system's; or none. */
  public static Optional<OllamaStore> locate(Map<String, String> env, Path home) {
    return locate(env, home, SYSTEM_STORE);
  }

  static Optional<OllamaStore> locate(Map<String, String> env, Path home, Path system) {
    List<Path> candidates = new ArrayList<>();
    String fromEnv = env.get(MODELS_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      try {
        candidates.add(Path.of(fromEnv));
      } catch (InvalidPathException e) {
        // not a path on this system, so Ollama cannot be using it either
      }
    }
    if (home != null) {
      candidates.add(home.resolve(".ollama").resolve("models"));
    }
    candidates.add(system);
    return candidates.stream().filter(Files::isDirectory).findFirst().map(OllamaStore::new);
  }

  public Path root() {
    return root;
  }

  /** Every manifest's model, found sorted by name, or skipped with why (sorted by manifest path). */
  public Discovery models() {
    List<SkippedModel> skipped = new ArrayList<>();
    List<FoundModel> found = new ArrayList<>();
    for (Path manifest : manifests(skipped)) {
      read(manifest, found, skipped);
    }
    found.sort(Discovery.BY_NAME);
    skipped.sort(Comparator.comparing(SkippedModel::where));
    return new Discovery(found, skipped);
  }

  private void read(Path manifest, List<FoundModel> found, List<SkippedModel> skipped) {
    try {
      OllamaManifest.ModelLayer layer = OllamaManifest.modelLayer(manifest);
      Path blob = blobs.resolve(layer.blobName());
      Optional<String> problem = blobProblem(blob, layer.size());
      if (problem.isPresent()) {
        skipped.add(skip(manifest, problem.get()));
      } else {
        found.add(new FoundModel(name(root.resolve("manifests").relativize(manifest)), blob, Source.OLLAMA));
      }
    } catch (OllamaManifest.Invalid e) {
      skipped.add(skip(manifest, e.getMessage()));
    }
  }

  /**
   * A blob may be a link (a store spread over disks): it is followed, since only someone who can write the store
   * could have put it there, and the digest check already keeps the name itself inside blobs/.
   */
  private static Optional<String> blobProblem(Path blob, long expectedBytes) {
    String name = "blob " + blob.getFileName();
    if (!Files.exists(blob)) {
      return Optional.of("missing " + name);
    }
    if (!Files.isRegularFile(blob)) {
      return Optional.of(name + " is not a regular file");
    }
    try {
      long bytes = Files.size(blob);
      if (bytes != expectedBytes) {
        return Optional.of("size mismatch: " + name + " is " + bytes + " bytes, the manifest says "
            + expectedBytes + " (an interrupted pull?)");
      }
    } catch (IOException e) {
      return Optional.of(name + " is unreadable: " + IoProblem.of(e));
    }
    return GgufCheck.problem(blob);
  }

  /** The name {@code ollama list} shows: the default registry and its library namespace are left out. */
  static String name(Path manifestUnderManifests) {
    String registry = manifestUnderManifests.getName(0).toString();
    String namespace = manifestUnderManifests.getName(1).toString();
    String model = manifestUnderManifests.getName(2).toString();
    String tag = manifestUnderManifests.getName(3).toString();
    String repository;
    if (!DEFAULT_REGISTRY.equals(registry)) {
      repository = registry + "/" + namespace + "/" + model;
    } else if (DEFAULT_NAMESPACE.equals(namespace)) {
      repository = model;
    } else {
      repository = namespace + "/" + model;
    }
    return repository + ":" + tag;
  }

  /** Files exactly four levels down, links followed; a folder that cannot be read becomes one skipped entry. */
  private List<Path> manifests(List<SkippedModel> skipped) {
    Path dir = root.resolve("manifests");
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    try {
      Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MANIFEST_DEPTH, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          Path relative = dir.relativize(file);
          if (attrs.isRegularFile() && relative.getNameCount() == MANIFEST_DEPTH && !hidden(relative)) {
            found.add(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          skipped.add(skip(file, "unreadable: " + IoProblem.of(e)));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path folder, IOException e) {
          if (e != null) {
            skipped.add(skip(folder, "unreadable folder: " + IoProblem.of(e)));
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      skipped.add(skip(dir, "unreadable folder: " + IoProblem.of(e)));
    }
    found.sort(Comparator.naturalOrder());
    return found;
  }

  /** Finder's .DS_Store and editors' backups are not manifests; Ollama never writes a dot-name. */
  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static SkippedModel skip(Path where, String reason) {
    return new SkippedModel(Source.OLLAMA, where.toString(), reason);
  }
}
