package dev.mesh.protocol.advert;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The names a model answers to: its id and aliases, where a name without a tag and the same name tagged
 * {@code :latest} are one, as in Ollama ({@code qwen2.5} is {@code qwen2.5:latest}).
 */
public final class ModelNames {
  /** Ollama's default tag: a name without one means this one. */
  public static final String LATEST = ":latest";

  private ModelNames() {}

  /** Every name of a model with this id and these aliases, the {@code :latest} forms included. */
  public static List<String> of(String id, List<String> aliases) {
    List<String> names = new ArrayList<>();
    if (id != null) {
      names.add(id);
    }
    names.addAll(aliases);
    return names.stream().flatMap(n -> Stream.of(n, n.endsWith(LATEST)
        ? n.substring(0, n.length() - LATEST.length()) : n + LATEST)).distinct().toList();
  }

  public static boolean answersTo(String asked, String id, List<String> aliases) {
    return asked != null && of(id, aliases).contains(asked);
  }
}
