package dev.mesh.node.config;

import java.util.List;

/**
 * Hazelcast membership: TCP/IP join with an explicit member list, multicast off unless asked,
 * bound to one interface so a home LAN's other adapters (docker, VPN) stay out of it.
 * {@code eventBusPublicPort}: the port the other nodes should connect to for this node's event bus when it is
 * not the bound one (a port forward, a proxy); 0: the bound port.
 */
public record ClusterConfig(
    boolean enabled,
    String name,
    String host,
    int port,
    List<String> members,
    boolean multicast,
    int eventBusPort,
    int eventBusPublicPort,
    int heartbeatIntervalSeconds,
    int maxNoHeartbeatSeconds) {
  public static final int DEFAULT_PORT = 5701;
  public static final int DEFAULT_HEARTBEAT_INTERVAL_SECONDS = 1;
  public static final int DEFAULT_MAX_NO_HEARTBEAT_SECONDS = 5;

  public static ClusterConfig defaults() {
    return new ClusterConfig(
        true, "mesh", "127.0.0.1", DEFAULT_PORT, List.of(), false, 0, 0,
        DEFAULT_HEARTBEAT_INTERVAL_SECONDS, DEFAULT_MAX_NO_HEARTBEAT_SECONDS);
  }
}
