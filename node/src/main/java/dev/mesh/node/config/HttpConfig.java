package dev.mesh.node.config;

import java.util.Locale;

/**
 * The node's HTTP listener. On any address beyond this machine the API needs keys ({@code auth.apiKeys}): a node
 * open to the LAN would take tasks from, and show prompts to, any device on it. {@code allowOpen: true} accepts that
 * knowingly (the node says so at start and in {@code /health}).
 */
public record HttpConfig(String host, int port, long maxBodyBytes, boolean allowOpen) {
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  public static HttpConfig defaults() {
    return new HttpConfig("127.0.0.1", DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, false);
  }

  /** Whether only this machine can reach the listener (127.0.0.0/8, ::1, localhost). */
  public boolean loopbackOnly() {
    String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.startsWith("127.");
  }
}
