/**
 * How far routing's estimates were from the times tasks really took, per model this node ran: what
 * {@code /cluster/status} and {@code /metrics} show, so a router whose estimates drift is seen, not guessed.
 */
package dev.mesh.node.accuracy;
