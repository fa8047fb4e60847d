package dev.mesh.node.remote;

/**
 * A remote's finished answer and what it cost: tokens in and out as the remote counted them (0: it did not say),
 * milliseconds from the request to the first text and to the end, and why it stopped ({@code stop}, {@code length}).
 */
public record RemoteReply(String text, int promptTokens, int completionTokens, long firstTokenMs, long totalMs,
    String stopReason) {}
