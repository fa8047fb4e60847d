package dev.mesh.node.config;

import java.net.URI;
import java.net.URISyntaxException;

/** Where mesh may POST to (callbacks): an http or https URL with a host, of a sane length. */
public final class HttpUrls {
  private static final int MAX_CHARS = 2048;

  private HttpUrls() {}

  public static boolean valid(String url) {
    if (url == null || url.length() > MAX_CHARS) {
      return false;
    }
    try {
      URI u = new URI(url);
      return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
