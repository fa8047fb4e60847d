package dev.mesh.node.jobs;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a task's own callback may go: under one of these URLs — the same scheme, host and port, and a path at or
 * below the entry's (a segment boundary: {@code /cb} allows {@code /cb} and {@code /cb/x}, not {@code /cbx}).
 */
public record CallbackAllowList(List<URI> entries) {
  public CallbackAllowList {
    entries = List.copyOf(entries);
  }

  /** From config: {@code callbacks.allow}, or when that is empty the hooks' own callback URLs. */
  public static CallbackAllowList of(List<String> allow, List<String> hookCallbacks) {
    List<String> urls = allow.isEmpty() ? hookCallbacks : allow;
    return new CallbackAllowList(urls.stream().filter(Objects::nonNull).map(URI::create).toList());
  }

  public boolean allows(String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return entries.stream().anyMatch(e -> sameOrigin(e, u) && under(e.getPath(), u.getPath()));
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
        && b.getHost() != null && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
        && port(a) == port(b) && b.getRawUserInfo() == null;
  }

  private static int port(URI u) {
    return u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static boolean under(String prefix, String path) {
    String p = prefix == null || prefix.isEmpty() ? "/" : prefix;
    String c = path == null || path.isEmpty() ? "/" : path;
    return c.equals(p) || c.startsWith(p.endsWith("/") ? p : p + "/");
  }
}
