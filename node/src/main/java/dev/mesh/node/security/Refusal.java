package dev.mesh.node.security;

import dev.mesh.protocol.seal.Opening;
import java.time.Instant;

/** One payload that failed to open: what it was meant to be, where, why, when. Never its content. */
public record Refusal(Kind kind, String where, Opening.Reason reason, String detail, Instant at) {}
