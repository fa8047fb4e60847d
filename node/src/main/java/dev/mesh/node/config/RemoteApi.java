package dev.mesh.node.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The API a remote engine speaks: Ollama's ({@code /api/chat}, {@code /api/embed}, {@code /api/tags}) or OpenAI's ({@code /v1/...}). */
public enum RemoteApi {
  OLLAMA, OPENAI;

  public static final String WIRE_NAMES = Arrays.stream(values()).map(RemoteApi::wire).collect(Collectors.joining(", "));

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RemoteApi parse(String name) {
    for (RemoteApi api : values()) {
      if (api.wire().equalsIgnoreCase(name)) {
        return api;
      }
    }
    throw new IllegalArgumentException("unknown api '" + name + "'; expected one of " + WIRE_NAMES);
  }

  public static boolean known(String name) {
    return Arrays.stream(values()).anyMatch(a -> a.wire().equalsIgnoreCase(name));
  }
}
