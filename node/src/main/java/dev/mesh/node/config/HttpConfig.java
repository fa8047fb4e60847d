package dev.mesh.node.config;

/** The node's HTTP listener. */
public record HttpConfig(String host, int port, long maxBodyBytes) {
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  public static HttpConfig defaults() {
    return new HttpConfig("127.0.0.1", DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES);
  }
}
