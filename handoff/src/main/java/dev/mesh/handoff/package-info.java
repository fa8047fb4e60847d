/** Crash-safe files on a (possibly shared) folder: plain Java NIO, no Vert.x. */
package dev.mesh.handoff;
