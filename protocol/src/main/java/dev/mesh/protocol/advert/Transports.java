package dev.mesh.protocol.advert;

/** How a node can be reached: the clustered event bus, and/or a handoff inbox folder (path). */
public record Transports(boolean eventBus, String handoffInbox) {}
