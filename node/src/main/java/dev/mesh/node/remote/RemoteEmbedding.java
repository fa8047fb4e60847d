package dev.mesh.node.remote;

/** An embedding a remote model made, the input's tokens as it counted them (0: it did not say), and the milliseconds. */
public record RemoteEmbedding(float[] vector, int tokens, long totalMs) {}
