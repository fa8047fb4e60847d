package dev.mesh.node.library;

import dev.mesh.node.library.FoundModel.Source;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code *.gguf} files directly in each listed folder (not below: a folder of models is flat, and a deep walk
 * of a home folder would be slow), named by file name without the suffix. Blocking: call it off the event loop.
 */
public final class GgufFolders {

  static final String SUFFIX = ".gguf";

  private GgufFolders() {}

  /** Found in the folders' order, each folder's files by name; a missing or unreadable folder is skipped. */
  public static Discovery list(List<Path> dirs) {
    List<FoundModel> found = new ArrayList<>();
    List<SkippedModel> skipped = new ArrayList<>();
    for (Path dir : dirs) {
      list(dir, found, skipped);
    }
    return new Discovery(found, skipped);
  }

  private static void list(Path dir, List<FoundModel> found, List<SkippedModel> skipped) {
    if (!Files.isDirectory(dir)) {
      skipped.add(skip(dir, Files.exists(dir) ? "not a folder" : "folder does not exist"));
      return;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (modelName(entry).isPresent()) {
          files.add(entry);
        }
      }
    } catch (IOException e) {
      skipped.add(skip(dir, "unreadable folder: " + IoProblem.of(e)));
      return;
    } catch (DirectoryIteratorException e) {
      skipped.add(skip(dir, "unreadable folder: " + IoProblem.of(e.getCause())));
      return;
    }
    files.sort(Comparator.comparing(Path::getFileName));
    for (Path file : files) {
      check(file, found, skipped);
    }
  }

  private static void check(Path file, List<FoundModel> found, List<SkippedModel> skipped) {
    if (!Files.isRegularFile(file)) {
      skipped.add(skip(file, Files.exists(file) ? "not a regular file" : "no such file (a dangling link?)"));
      return;
    }
    Optional<String> problem = GgufCheck.problem(file);
    if (problem.isPresent()) {
      skipped.add(skip(file, problem.get()));
    } else {
      found.add(new FoundModel(modelName(file).orElseThrow(), file, Source.FOLDER));
    }
  }

  /**
   * The file name without {@code .gguf} (any case); empty for other files and dot-files, which are not models:
   * macOS writes a {@code ._x.gguf} of metadata beside {@code x.gguf} on non-Apple disks.
   */
  static Optional<String> modelName(Path file) {
    String name = file.getFileName().toString();
    if (name.startsWith(".") || !name.toLowerCase(Locale.ROOT).endsWith(SUFFIX)) {
      return Optional.empty();
    }
    return Optional.of(name.substring(0, name.length() - SUFFIX.length()));
  }

  private static SkippedModel skip(Path where, String reason) {
    return new SkippedModel(Source.FOLDER, where.toString(), reason);
  }
}
